import type { EnvMeta, SessionRecord } from '@sharebench/core';

/**
 * The environment interface: execute drives every kind (host, virtiofs, 9p) through it.
 *
 *   Environment.unsupportedReason()  decided before anything starts (e.g. no DAX window in this QEMU)
 *   Environment.open()  -> Session   daemon + guest up, mount verified (host: directory ready)
 *   Session.run(request) x N         layout (untimed) -> sync + drop caches -> timed fio run
 *   Session.close()                  everything down; idempotent; no process or socket left
 */

export type EnvKind = 'host' | 'virtiofs' | '9p';

/** One fio run to do inside an environment. */
export interface FioRunRequest {
  /** Stable id, `<env>/<job>/r<repeat>`; used in logs and channel framing. */
  id: string;
  /**
   * fio arguments (an argv, never a shell string) describing the job: --name, --rw, --bs, ...
   * The environment adds `--directory=<its test directory>` and `--output-format=json+`.
   */
  args: readonly string[];
  /** Hard limit for layout + run, ms; past it the run is killed and reported `timedOut`. */
  timeoutMs: number;
  /**
   * Called once layout and cache dropping are done, just before the timed fio run starts (so a
   * caller can sample the host's load over the measurement alone).
   */
  onTimedStart?: () => void;
}

/** How a run ended, from the environment's side. Results and errors share this one shape. */
export interface FioRunResult {
  /** `completed`: fio ran and exited (any exit code; the parser judges the job errors). */
  state: 'completed' | 'failed' | 'timedOut' | 'interrupted';
  /** fio's exit code; null when it did not exit by itself. */
  exitCode: number | null;
  /** fio's stdout (json+ output, possibly with `fio: ...` lines before it). */
  stdout: string;
  stderr: string;
  /** The fio argv as executed (inside the guest for VM environments). */
  command: string[];
  /** Wall time of the timed fio run, ms (layout and cache dropping excluded). */
  durationMs: number;
  /** Wall time of layout + cache dropping before it, ms. */
  prepareMs: number;
  /** A human reason when state is not `completed`. */
  reason: string | null;
  /** Whether the host's page cache, dentries and inodes were dropped before the timed run (root only). */
  hostCacheDropped: boolean;
}

/** What an environment reports about itself once up; goes into context.json and every row. */
export interface SessionInfo {
  /** The mount line for the test directory, as /proc/mounts shows it (host: the filesystem holding it). */
  mount: string;
  /** Kernel that ran fio: `uname -r` of the host or the guest. */
  kernel: string;
  /** `fio --version` where fio runs. */
  fioVersion: string;
  /** kvm | tcg for guests; null for the host. */
  accel: 'kvm' | 'tcg' | null;
  /** The same and the rest of its provenance, typed per environment kind, as context.json keeps it. */
  record: SessionRecord;
}

export interface Session {
  readonly info: SessionInfo;
  /** Runs one fio job. Never throws for a fio failure: that is a result. */
  run(request: FioRunRequest, signal?: AbortSignal): Promise<FioRunResult>;
  /** Tears everything down; safe to call twice and after a failure. */
  close(): Promise<void>;
}

export interface OpenOptions {
  /** A directory for this environment's logs (serial console, daemon stderr); kept after close. */
  logDir: string;
  signal?: AbortSignal;
}

export interface Environment {
  readonly meta: EnvMeta;
  readonly kind: EnvKind;
  /** null when this machine can run the environment; otherwise why not, decided before booting. */
  unsupportedReason(): Promise<string | null>;
  /** Brings the environment up. Throws an EnvironmentError (with its artifacts) when it cannot. */
  open(options: OpenOptions): Promise<Session>;
}

/** An environment that failed to come up: keeps what a person needs to see why. */
export class EnvironmentError extends Error {
  readonly env: string;
  /** The argv that failed (QEMU, virtiofsd, ...), when one did. */
  readonly command: readonly string[] | null;
  /** Last lines of the serial console or daemon log. */
  readonly logTail: string;
  /** Where the full log is kept. */
  readonly logPath: string | null;
  constructor(
    env: string,
    message: string,
    details: { command?: readonly string[]; logTail?: string; logPath?: string; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'EnvironmentError';
    this.env = env;
    this.command = details.command ?? null;
    this.logTail = details.logTail ?? '';
    this.logPath = details.logPath ?? null;
  }
}
