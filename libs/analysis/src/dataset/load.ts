import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '@sharebench/core';
import type { TableName } from '../schema.js';

/** The bytes of results/<table>.arrow, with an error that says to run analyze when missing. */
export async function readTableBytes(dataset: string, table: TableName): Promise<Uint8Array> {
  const path = join(dataset, 'results', `${table}.arrow`);
  try {
    return await readFile(path);
  } catch (err) {
    throw new InputError(`${path}: no ${table} table; run 'sharebench analyze ${dataset}' first`, { cause: err });
  }
}
