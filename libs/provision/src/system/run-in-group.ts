import { execa, type ResultPromise } from 'execa';
import { onAbruptExit } from './exit-cleanup.js';

export interface GroupRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  /** Why it was stopped, when it was: the deadline passed or the caller aborted. */
  stopped: 'timedOut' | 'interrupted' | null;
}

/**
 * Runs a command (argv, no shell) in its own process group and, on timeout or abort, signals the
 * whole group (fio forks one process per job: killing only the parent would orphan them):
 * SIGTERM first so fio can stop its jobs, SIGKILL after `graceMs`. Should this Node process end
 * first (a second Ctrl-C exits at once), the group is killed on the way out.
 */
export async function runInGroup(
  file: string,
  args: readonly string[],
  options: { timeoutMs: number; signal?: AbortSignal; graceMs?: number; cwd?: string },
): Promise<GroupRun> {
  const started = performance.now();
  const child: ResultPromise<{ detached: true; reject: false; stdin: 'ignore'; stripFinalNewline: false }> = execa(file, args, {
    detached: true,
    reject: false,
    stdin: 'ignore',
    stripFinalNewline: false,
    ...(options.cwd ? { cwd: options.cwd } : {}),
  });
  let stopped: GroupRun['stopped'] = null;
  let killTimer: NodeJS.Timeout | undefined;
  const stop = (why: 'timedOut' | 'interrupted') => {
    if (stopped || child.pid === undefined) return;
    stopped = why;
    signalGroup(child.pid, 'SIGTERM');
    killTimer = setTimeout(() => signalGroup(child.pid!, 'SIGKILL'), options.graceMs ?? 3000);
  };
  const forget = child.pid === undefined ? () => {} : onAbruptExit(() => signalGroup(child.pid!, 'SIGKILL'));
  const deadline = setTimeout(() => stop('timedOut'), options.timeoutMs);
  const onAbort = () => stop('interrupted');
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const r = await child;
    // The leader is gone; make sure no member of its group outlives it.
    if (child.pid !== undefined) signalGroup(child.pid, 'SIGKILL');
    return {
      exitCode: typeof r.exitCode === 'number' ? r.exitCode : null,
      stdout: String(r.stdout ?? ''),
      stderr: String(r.stderr ?? ''),
      durationMs: performance.now() - started,
      stopped,
    };
  } finally {
    forget();
    clearTimeout(deadline);
    clearTimeout(killTimer);
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
