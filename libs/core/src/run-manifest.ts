import type { EnvMeta } from './env.js';

/** Where a run's files live in a dataset: `raw/runs/<env>/<job>/r<repeat>/`. */
export function runDir(env: string, job: string, repeat: number): string {
  return `raw/runs/${env}/${job}/r${repeat}`;
}

/** How an executed run ended, before its fio output is parsed. */
export type RunOutcomeState = 'completed' | 'failed' | 'timedOut' | 'unsupported' | 'interrupted';

/** What a run measured: the job's identity and size, in base units. */
export interface RunJob {
  /** `<workload>-<ioengine>[-multi]`, the seed's names. */
  name: string;
  workload: string;
  ioengine: string;
  numjobs: number;
  blocksize_bytes: number;
  iodepth: number;
  size_bytes: number;
  runtime_ms: number;
}

/**
 * `run.json`, written (atomically, last) beside a run's raw output by `sharebench run`; analysis
 * turns it and the output into rows. Its presence with a final state marks the run done for resume.
 */
export interface RunManifest {
  schema: 1;
  campaign: string;
  campaign_hash: string;
  env: EnvMeta & { kind: string };
  job: RunJob;
  repeat: number;
  /** Position of this run in the campaign's execution order (0-based). */
  order: number;
  state: RunOutcomeState;
  /** A human reason when state is not `completed`. */
  reason: string | null;
  exit_code: number | null;
  /** fio argv as executed (inside the guest for VM environments). */
  command: string[];
  duration_ms: number | null;
  prepare_ms: number | null;
  started_at: string;
  finished_at: string;
  /** File names, relative to the run's directory. */
  stdout_file: string | null;
  stderr_file: string | null;
  mount: string | null;
  accel: string | null;
  kernel: string | null;
  fio_version: string | null;
}
