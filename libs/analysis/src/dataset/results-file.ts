import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '@sharebench/core';
import type { TableName } from '../schema.js';
import { message } from '../messages.js';

/** The raw bytes of `<dataset>/results/<table>.arrow` and its path; missing: an error that says to run analyze. */
export async function readResultsFile(dataset: string, table: TableName): Promise<{ path: string; bytes: Uint8Array }> {
  const path = join(dataset, 'results', `${table}.arrow`);
  try {
    return { path, bytes: await readFile(path) };
  } catch (err) {
    throw new InputError(message.noTable(path, table, dataset), { cause: err });
  }
}
