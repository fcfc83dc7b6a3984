import { readResultsFile } from './results-file.js';
import type { RunRow, SemanticsRow, SpeedupRow, SummaryRow, TableName } from '../schema.js';
import { fromArrowIpc } from '../format/from-arrow.js';
import { upgradeTable } from './upgrade-table.js';

/**
 * The bytes of results/<table>.arrow in this version's layout (older tables upgraded as read:
 * upgradeTable), with an error that says to run analyze when missing.
 */
export async function readTableBytes(dataset: string, table: TableName): Promise<Uint8Array> {
  const { path, bytes } = await readResultsFile(dataset, table);
  return upgradeTable(table, bytes, path);
}

interface TableRows {
  runs: RunRow;
  summary: SummaryRow;
  speedups: SpeedupRow;
  semantics: SemanticsRow;
}

/** The rows of results/<table>.arrow, in this version's layout. */
export async function readTable<T extends TableName>(dataset: string, table: T): Promise<TableRows[T][]> {
  return fromArrowIpc<TableRows[T]>(await readTableBytes(dataset, table));
}
