import { execa } from 'execa';
import { onAbruptExit } from './exit-cleanup.js';
import { groupMembers, waitGone } from './process-tree.js';

/** How a process group's leader ended. */
export interface GroupExit {
  exitCode: number | null;
  signal: string | null;
}

/** A long-running program started in its own process group (QEMU, virtiofsd). */
export interface ProcessGroup {
  readonly argv: readonly string[];
  readonly pid: number;
  /** Settles when the leader has exited; never rejects. */
  readonly exited: Promise<GroupExit>;
  /** The leader's exit once it has happened, else null. */
  exit(): GroupExit | null;
  /** Signals every process of the group (the leader and whatever it forked). */
  signal(sig: NodeJS.Signals): void;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the leader and every member of its group are gone. */
  stop(graceMs: number): Promise<GroupExit>;
}

const unregister = new Map<ProcessGroup, () => void>();
const started: number[] = [];

/**
 * Starts `argv` detached in a new process group (session), stdin closed, stdout and stderr
 * appended to `logPath`. The group is killed with SIGKILL if this Node process exits, or gets
 * SIGINT/SIGTERM, while it still runs; callers still stop it themselves on every path.
 */
export function spawnGroup(argv: readonly string[], logPath: string): ProcessGroup {
  const [file, ...args] = argv;
  if (!file) throw new Error('spawnGroup: empty argv');
  const subprocess = execa(file, args, {
    detached: true,
    cleanup: false,
    stdin: 'ignore',
    stdout: { file: logPath, append: true },
    stderr: { file: logPath, append: true },
    reject: false,
  });
  const pid = subprocess.pid;
  if (pid === undefined) {
    // execa reports the spawn error (ENOENT, EACCES) through the promise.
    return deadGroup(argv, subprocess);
  }
  let ended: GroupExit | null = null;
  // Once the group is empty its id may be reused by an unrelated process: stop signalling it then.
  let swept = false;
  const exited = subprocess.then(
    (r) => (ended = { exitCode: r.exitCode ?? null, signal: r.signal ?? null }),
    () => (ended = { exitCode: null, signal: null }),
  );
  const group: ProcessGroup = {
    argv,
    pid,
    exited,
    exit: () => ended,
    signal(sig) {
      if (swept) return;
      try {
        process.kill(-pid, sig);
      } catch {
        // ESRCH: the whole group is gone already.
      }
    },
    async stop(graceMs) {
      group.signal('SIGTERM');
      const timer = setTimeout(() => group.signal('SIGKILL'), graceMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
        // Members that outlived the leader (virtiofsd forks) go too, and are waited for: stop()
        // resolves once nothing of the group runs any more.
        const members = groupMembers(pid);
        group.signal('SIGKILL');
        for (const m of members) {
          try {
            process.kill(m.pid, 'SIGKILL');
          } catch {
            // gone
          }
        }
        await waitGone(members, 5000);
      }
    },
  };
  started.push(pid);
  track(group);
  void exited.then(() => {
    // The leader is gone; anything it left in the group is killed now, not at process exit.
    group.signal('SIGKILL');
    swept = true;
    untrack(group);
  });
  return group;
}

function deadGroup(argv: readonly string[], failed: Promise<{ exitCode?: number; signal?: string; message?: string }>): ProcessGroup {
  let ended: GroupExit | null = null;
  const exited = failed.then(
    (r) => (ended = { exitCode: r.exitCode ?? null, signal: r.signal ?? null }),
    () => (ended = { exitCode: null, signal: null }),
  );
  return { argv, pid: -1, exited, exit: () => ended, signal() {}, stop: () => exited };
}

function track(group: ProcessGroup): void {
  unregister.set(group, onAbruptExit(() => group.signal('SIGKILL')));
}

function untrack(group: ProcessGroup): void {
  unregister.get(group)?.();
  unregister.delete(group);
}

/** Every process group id this process has started, running or not (for tests and diagnostics). */
export function startedGroupPids(): readonly number[] {
  return started;
}
