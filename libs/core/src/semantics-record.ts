import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { message } from './messages.js';

/** The semantics.json layout this version writes. */
export const SEMANTICS_RECORD_SCHEMA = 1;

/** One check's outcome: `ok`, `fails` (errno named), `differs` (what was seen in `detail`) or `unsupported`. */
export interface SemanticsCheck {
  check: string;
  result: 'ok' | 'fails' | 'differs' | 'unsupported';
  errno: string | null;
  detail: string;
}

/**
 * `raw/semantics/<env>/semantics.json`, written (atomically) when an environment's semantics
 * probe has run, or could not: analysis turns it into the `semantics` table. Its presence marks
 * the probe done for resume.
 */
export interface SemanticsRecord {
  schema: typeof SEMANTICS_RECORD_SCHEMA;
  campaign: string;
  env: string;
  /** completed: the rows are the probe's (and the runner's); otherwise `reason` says why there are none. */
  state: 'completed' | 'failed' | 'timedOut' | 'unsupported' | 'interrupted';
  reason: string | null;
  /** The checks this run was to make, in order (a run without rows is every one of them, not made). */
  checks: string[];
  rows: SemanticsCheck[];
  /** uname -r where the probe ran (the guest's kernel for a guest), the mount line of the probed directory. */
  kernel: string | null;
  mount: string | null;
  /** The probe's argv, inside the guest for a guest. */
  command: string[];
  duration_ms: number | null;
  started_at: string;
  finished_at: string;
}

/** Where an environment's semantics record is, relative to the dataset. */
export const semanticsDir = (env: string): string => join('raw', 'semantics', env);

/** Every semantics record of a dataset, by env name order; a file that cannot be read is reported, not skipped. */
export async function readSemanticsRecords(dataset: string): Promise<Array<SemanticsRecord | { env: string; file: string; why: string }>> {
  const root = join(dataset, 'raw', 'semantics');
  const envs = (await readdir(root, { withFileTypes: true }).catch(() => [])).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  const out: Array<SemanticsRecord | { env: string; file: string; why: string }> = [];
  for (const env of envs) {
    const file = join(semanticsDir(env), 'semantics.json');
    let text: string;
    try {
      text = await readFile(join(dataset, file), 'utf8');
    } catch {
      continue; // never finished: the probe runs again on resume
    }
    try {
      const r = JSON.parse(text) as SemanticsRecord;
      if (r.schema !== SEMANTICS_RECORD_SCHEMA || !Array.isArray(r.rows) || !Array.isArray(r.checks)) {
        throw new Error(message.notASemanticsRecord(SEMANTICS_RECORD_SCHEMA));
      }
      out.push(r);
    } catch (err) {
      out.push({ env, file, why: (err as Error).message });
    }
  }
  return out;
}
