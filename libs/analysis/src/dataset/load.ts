import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '@sharebench/core';
import type { RunRow, SemanticsRow, SpeedupRow, SummaryRow, TableName } from '../schema.js';
import { fromArrowIpc } from '../format/from-arrow.js';
import { upgradeTable } from './upgrade-table.js';
import { message } from '../messages.js';

/**
 * The bytes of results/<table>.arrow in this version's layout (older tables upgraded as read:
 * upgradeTable), with an error that says to run analyze when missing.
 */
export async function readTableBytes(dataset: string, table: TableName): Promise<Uint8Array> {
  const path = join(dataset, 'results', `${table}.arrow`);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new InputError(message.noTable(path, table, dataset), { cause: err });
  }
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
