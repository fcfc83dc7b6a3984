import { tableFromIPC } from 'apache-arrow';
import { RESULTS_SCHEMA, RESULTS_SCHEMA_KEY, TABLES, type TableName } from '../schema.js';
import { fromArrowIpc } from '../format/from-arrow.js';
import { toArrowIpc } from '../format/to-arrow.js';
import { checkedResultsSchema, upgradeRows } from './upgrade-rows.js';

/** A results table's Arrow bytes in the layout this version writes (RESULTS_SCHEMA); older ones upgraded (upgradeRows). */
export function upgradeTable(table: TableName, bytes: Uint8Array, source: string): Uint8Array {
  const version = checkedResultsSchema(tableFromIPC(bytes).schema.metadata.get(RESULTS_SCHEMA_KEY), source);
  if (version === RESULTS_SCHEMA) return bytes;
  const rows = upgradeRows(table, fromArrowIpc<Record<string, unknown>>(bytes));
  return toArrowIpc(rows as never, TABLES[table], { [RESULTS_SCHEMA_KEY]: String(RESULTS_SCHEMA) });
}
