import type { EnvMeta } from './env.js';

/**
 * How an executed run ended, before its fio output is parsed (its `state`). Parsing then gives
 * each of its rows a `status` (RunStatus): a completed run can still hold a failed job.
 * `skipped`: a run of the plan that was not needed, its cell having converged (adaptive
 * repeats); it has no rows.
 */
export type RunState = 'completed' | 'failed' | 'timedOut' | 'unsupported' | 'interrupted' | 'skipped';

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
  /** fio `direct=1` (O_DIRECT); absent in datasets from before it was recorded. */
  direct?: boolean;
}

/**
 * What the host was doing while a run was timed: noise on record beside the numbers (README:
 * Noise on record). Sampled from /proc when the timed fio run started and when it ended.
 */
export interface HostConditions {
  /** /proc/loadavg's 1-minute load average when the timed run started (it includes sharebench's own earlier runs). */
  load1: number | null;
  /**
   * CPU time of everything outside sharebench's process tree (other processes, interrupts, time
   * the hypervisor gave to other machines) over (wall time x CPUs) of the timed run, 0..1; null
   * when it could not be measured (no /proc, a run shorter than 20 ticks).
   */
  busy_ratio: number | null;
  /** The interval's clock ticks (USER_HZ): all CPUs, their busy part, and sharebench's tree (fio, QEMU, virtiofsd). */
  cpu_ticks: { total: number; busy: number; run: number } | null;
  /** Whether the host's page cache, dentries and inodes were dropped before the run (only root may). */
  cache_dropped: boolean;
}

/** The run.json layout this version writes; schema 1 named the env's name `env.env`. */
export const RUN_MANIFEST_SCHEMA = 2;

/**
 * `run.json`, written (atomically, last) beside a run's raw output by `sharebench run`; analysis
 * turns it and the output into rows. Its presence with a final state marks the run done for resume.
 */
export interface RunManifest {
  schema: typeof RUN_MANIFEST_SCHEMA;
  campaign: string;
  campaign_hash: string;
  env: EnvMeta & { kind: string };
  job: RunJob;
  repeat: number;
  /** Position of this run in the campaign's execution order (0-based). */
  order: number;
  state: RunState;
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
  /** virtio-fs: which virtiofsd (c | rust) and its --version; null elsewhere. */
  daemon: string | null;
  daemon_version: string | null;
  /** Guests: QEMU's --version line; null on the host. */
  qemu_version: string | null;
  /** Guests: the guest's uname -r; null on the host. */
  guest_kernel: string | null;
  /** The job asked for O_DIRECT and virtiofsd ignored it (no allow_direct_io); null where it does not apply. */
  direct_ignored: boolean | null;
  /** The host while the run was timed; null when no timed run started (or sharebench before it recorded it). */
  host_conditions: HostConditions | null;
}

/** Fields added to schema 2 since its first files: null in those files. */
const STACK_UNKNOWN = { daemon: null, daemon_version: null, qemu_version: null, guest_kernel: null, direct_ignored: null, host_conditions: null };

/** A run.json of any known schema as the current one; throws on what is not a run manifest. */
export function upgradeRunManifest(raw: unknown): RunManifest {
  const m = raw as Record<string, unknown> & { env?: Record<string, unknown>; job?: unknown };
  if (typeof m !== 'object' || m === null || typeof m.env !== 'object' || m.env === null || typeof m.job !== 'object') throw new Error('not a run manifest');
  if (m['schema'] === RUN_MANIFEST_SCHEMA) return { ...STACK_UNKNOWN, ...(m as unknown as RunManifest) };
  if (m['schema'] !== 1) throw new Error(`unknown run manifest schema ${JSON.stringify(m['schema'])}`);
  const { env: name, ...env } = m.env;
  return {
    ...STACK_UNKNOWN,
    ...(m as unknown as RunManifest),
    schema: RUN_MANIFEST_SCHEMA,
    env: { ...(env as Omit<RunManifest['env'], 'name'>), name: String(name) },
  };
}
