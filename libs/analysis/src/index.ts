export { RUNS_COLUMNS, SUMMARY_COLUMNS, SPEEDUPS_COLUMNS, TABLES } from './schema.js';
export type { ColumnDef, ColumnType, TableName, IdentityRow, RunRow, SummaryRow, SpeedupRow } from './schema.js';
