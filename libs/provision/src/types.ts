import { type Accelerator } from '@sharebench/core';
import type { DevloopOp, DevloopSpec, EnvMeta, SessionRecord, TreeOp, TreeSpec } from '@sharebench/core';
import type { ProbeRunRequest, SemanticsRun } from './semantics/semantics-run.js';

/**
 * The environment interface: execute drives every kind (host, virtiofs, 9p) through it.
 *
 *   Environment.unsupportedReason()  decided before anything starts (e.g. no DAX window in this QEMU)
 *   Environment.open()  -> Session   daemon + guest up, mount verified (host: directory ready)
 *   Session.run(request) x N         layout (untimed) -> sync + drop caches -> timed fio run
 *   Session.runTree(request) x N     tree precondition (untimed) -> sync + drop caches -> timed tree operation
 *   Session.runDevloop(request) x N  devloop.sh prepare (untimed) -> sync + drop caches -> devloop.sh run (timed inside)
 *   Session.runProbe(request)        the semantics probe on the share, once (untimed)
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
  /**
   * A subdirectory of the test directory the job's files are in (its --filename_format names
   * it), made before the run (untimed); `fresh` empties it first. fio makes no directories.
   */
  workdir?: { name: string; fresh: boolean } | null;
  /**
   * Lay the files out before the timed run (fio --create_only=1, untimed); default true. False
   * for fio's filecreate engine, whose timed run is what creates them.
   */
  layout?: boolean;
}

/**
 * One operation on the session's file tree (see OpenOptions.tree), timed without fio. Before it,
 * untimed: untar removes the tree, the others extract it when it is not there complete; then
 * sync and drop caches. The result's stdout is `{"op", "entries", "elapsed_ms"}` as JSON.
 */
export interface TreeRunRequest {
  /** Stable id, `<env>/<job>/r<repeat>`. */
  id: string;
  op: TreeOp;
  /** Hard limit for the precondition + the operation, ms. */
  timeoutMs: number;
  /** As FioRunRequest.onTimedStart: called just before the timed operation starts. */
  onTimedStart?: () => void;
}

/**
 * One developer-loop operation on the session's workspace (see OpenOptions.devloop), done by
 * devloop.sh with the real tools in two phases: untimed preparation, sync and drop caches, then
 * the timed operation. The result's stdout is `{"op", "entries", "elapsed_ms"}` as JSON.
 */
export interface DevloopRunRequest {
  /** Stable id, `<env>/<job>/r<repeat>`. */
  id: string;
  op: DevloopOp;
  /** Hard limit for the preparation + the operation, ms. */
  timeoutMs: number;
  /** As FioRunRequest.onTimedStart: called just before the timed phase starts. */
  onTimedStart?: () => void;
}

/** How a run ended, from the environment's side. Results and errors share this one shape. */
export interface FioRunResult {
  /** `completed`: fio ran and exited (any exit code; the parser judges the job errors). */
  state: 'completed' | 'failed' | 'timedOut' | 'interrupted';
  /** fio's exit code; null when it did not exit by itself. */
  exitCode: number | null;
  /** fio's stdout (json+ output, possibly with `fio: ...` lines before it); a tree or developer-loop operation's JSON result. */
  stdout: string;
  stderr: string;
  /** The argv as executed: fio's, busybox's for a tree operation, devloop.sh's run phase (inside the guest for VM environments). */
  command: string[];
  /** Wall time of the timed fio run or tree operation, ms (layout and cache dropping excluded). */
  durationMs: number;
  /** Wall time of layout (or the tree's precondition) + cache dropping before it, ms. */
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
  accel: Accelerator | null;
  /** The same and the rest of its provenance, typed per environment kind, as context.json keeps it. */
  record: SessionRecord;
}

export interface Session {
  readonly info: SessionInfo;
  /** Runs one fio job. Never throws for a fio failure: that is a result. */
  run(request: FioRunRequest, signal?: AbortSignal): Promise<FioRunResult>;
  /** Runs one tree operation; a failure is a result (`command` is the busybox argv). Needs a session opened with a tree. */
  runTree(request: TreeRunRequest, signal?: AbortSignal): Promise<FioRunResult>;
  /** Runs one developer-loop operation; a failure is a result with the tool's error. Needs a session opened with a devloop workspace. */
  runDevloop(request: DevloopRunRequest, signal?: AbortSignal): Promise<FioRunResult>;
  /**
   * Runs the semantics probe once on the share (the runner's side of its two-sided checks on the
   * host's path of it), then the WAL check; a probe that cannot run is a failed run with why.
   * Needs a session opened with `semantics`.
   */
  runProbe(request: ProbeRunRequest, signal?: AbortSignal): Promise<SemanticsRun>;
  /** Tears everything down; safe to call twice and after a failure. */
  close(): Promise<void>;
}

export interface OpenOptions {
  /** A directory for this environment's logs (serial console, daemon stderr); kept after close. */
  logDir: string;
  signal?: AbortSignal;
  /**
   * The file tree tree operations work on (tarball built once into the cache): a guest gets the
   * tarball in its initramfs, never through the share it measures. Null or absent: no tree.
   */
  tree?: TreeSpec | null;
  /**
   * The developer loops' workspace (its kit built once into the cache): a guest gets the kit in
   * its initramfs, never through the share it measures. Null or absent: no developer loops.
   */
  devloop?: DevloopSpec | null;
  /** Whether the semantics probe will run (a guest gets it in its initramfs). */
  semantics?: boolean;
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
