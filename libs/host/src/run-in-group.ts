import { execa, type ResultPromise } from 'execa';
import { onAbruptExit } from './exit-cleanup.js';
import { killTree, waitGone, waitGoneSync, type ProcessRef } from './process-tree.js';

/** How long a killed run may take to be gone (I/O in flight completes first), ms. */
const GONE_WITHIN_MS = 10_000;

export interface GroupRun {
  exitCode: number | null;
  /** The signal that ended it, when one did. */
  signal: string | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  /** Why it was stopped, when it was: the deadline passed or the caller aborted. */
  stopped: 'timedOut' | 'interrupted' | null;
}

/**
 * Runs a command (argv, no shell) in its own process group and, on timeout or abort, kills it
 * with every process it started: fio forks one process per job and each job calls setsid(), so
 * the group alone would miss them, and a job whose parent is gone waits on a futex forever (seen
 * in tests). SIGKILL at once: an interrupted run's numbers are discarded anyway; it resolves once
 * every killed process is gone (bounded), since a job with I/O in flight outlives SIGKILL until
 * that I/O completes. Should this Node process end first (a second Ctrl-C exits at once), the
 * tree is killed on the way out, and waited for (2 s at most).
 */
export async function runInGroup(
  file: string,
  args: readonly string[],
  options: { timeoutMs: number; signal?: AbortSignal; cwd?: string; input?: Uint8Array; discardStdout?: boolean; env?: Record<string, string> },
): Promise<GroupRun> {
  const started = performance.now();
  const child: ResultPromise<{ detached: true; reject: false; stripFinalNewline: false; stdout: 'pipe' | 'ignore' }> = execa(file, args, {
    detached: true,
    reject: false,
    // A tree operation's untar reads its tarball from memory, as a guest reads it from its RAM.
    ...(options.input ? { input: options.input } : { stdin: 'ignore' as const }),
    stdout: options.discardStdout ? 'ignore' : 'pipe',
    stripFinalNewline: false,
    ...(options.cwd ? { cwd: options.cwd } : {}),
    // Given an environment, the command gets that one only (a developer loop's PATH, none of this process's).
    ...(options.env ? { env: options.env, extendEnv: false } : {}),
  });
  let stopped: GroupRun['stopped'] = null;
  let killed: ProcessRef[] = [];
  const stop = (why: 'timedOut' | 'interrupted') => {
    if (stopped || child.pid === undefined) return;
    stopped = why;
    killed = killTree(child.pid);
  };
  const forget = child.pid === undefined ? () => {} : onAbruptExit(() => void waitGoneSync(killTree(child.pid!), 2000));
  const deadline = setTimeout(() => stop('timedOut'), options.timeoutMs);
  const onAbort = () => stop('interrupted');
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const r = await child;
    // The leader is gone; make sure no member of its group outlives it.
    if (child.pid !== undefined) signalGroup(child.pid, 'SIGKILL');
    // Killed: return only once every process of it is gone, so nothing of this run still does I/O
    // when the next run (or the next command) starts.
    if (killed.length > 0) await waitGone(killed, GONE_WITHIN_MS);
    return {
      exitCode: typeof r.exitCode === 'number' ? r.exitCode : null,
      signal: r.signal ?? null,
      stdout: String(r.stdout ?? ''),
      stderr: String(r.stderr ?? ''),
      durationMs: performance.now() - started,
      stopped,
    };
  } finally {
    forget();
    clearTimeout(deadline);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}
