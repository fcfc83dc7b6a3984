import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from './errors.js';
import { writeFileAtomic } from './atomic.js';
import type { EnvMeta } from './env.js';

export const CONTEXT_FILE = 'context.json';

/** One imported input file, kept under raw/imports/ as given. */
export interface ImportEntry {
  /** Path relative to the dataset, e.g. `raw/imports/virtiofs-test-data-raw.txt`. */
  file: string;
  /** The path it was imported from. */
  original: string;
  format: 'json' | 'terse' | 'legacy';
  env: string;
  sha256: string;
  imported_at: string;
}

/** context.json: provenance of everything in the dataset (google/benchmark's `context` block). */
export interface DatasetContext {
  schema: 1;
  campaign: string;
  created_at: string;
  updated_at: string;
  /** The tool that wrote the dataset. */
  sharebench: { version: string; git_commit: string | null };
  /** The machine that imported or ran it. */
  host: Record<string, unknown>;
  /** Every environment, in the order given (import order, or the campaign's order). */
  envs: Array<EnvMeta & Record<string, unknown>>;
  imports: ImportEntry[];
  /** Extra comparisons asked for explicitly, beside the default pairs. */
  pairs: Array<{ candidate: string; baseline: string }>;
  /** Set by `sharebench run`: the campaign that produced raw/runs/. */
  execution?: Record<string, unknown>;
}

/** Reads a dataset's context.json, with an error that says what to do when it is missing or broken. */
export async function readContext(dataset: string): Promise<DatasetContext> {
  const path = join(dataset, CONTEXT_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new InputError(
      `${dataset}: not a sharebench dataset (no ${CONTEXT_FILE}); create one with 'sharebench import <files> --out ${dataset}' or 'sharebench run'`,
      { cause: err },
    );
  }
  try {
    const ctx = JSON.parse(text) as DatasetContext;
    if (ctx.schema !== 1 || !Array.isArray(ctx.envs) || !Array.isArray(ctx.imports)) throw new Error('unexpected shape');
    ctx.pairs ??= [];
    return ctx;
  } catch (err) {
    throw new InputError(`${path}: not a valid sharebench context (${(err as Error).message}); re-create the dataset`, { cause: err });
  }
}

export async function writeContext(dataset: string, ctx: DatasetContext): Promise<void> {
  await writeFileAtomic(join(dataset, CONTEXT_FILE), JSON.stringify(ctx, null, 2) + '\n');
}
