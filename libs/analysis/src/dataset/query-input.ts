import { tableFromIPC } from '@uwdata/flechette';
import { readResultsFile } from './results-file.js';
import { RESULTS_SCHEMA, RESULTS_SCHEMA_KEY, type TableName } from '../schema.js';
import { checkedResultsSchema, upgradeRows } from './upgrade-rows.js';

/**
 * What `sharebench query` reads of a table: its Arrow bytes when they are in this version's
 * layout, else its rows upgraded (upgradeRows). It reads Arrow with flechette, the decoder arquero
 * already uses, so a query never loads apache-arrow (the command starts in a third less time).
 */
export async function readQueryInput(dataset: string, table: TableName): Promise<Uint8Array | Array<Record<string, unknown>>> {
  const { path, bytes } = await readResultsFile(dataset, table);
  const decoded = tableFromIPC(bytes);
  const version = checkedResultsSchema(decoded.schema.metadata?.get(RESULTS_SCHEMA_KEY), path);
  if (version === RESULTS_SCHEMA) return bytes;
  const rows = decoded.toArray().map((r) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v])),
  );
  return upgradeRows(table, rows);
}
