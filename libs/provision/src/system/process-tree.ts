import { readdirSync, readFileSync } from 'node:fs';

/**
 * Every live descendant of `pid`, from /proc. fio's job processes call setsid(), so they leave
 * the process group they were born in: signalling the group reaches the parent only, and a job
 * whose parent died waits for it forever. Their pids have to be found through their parents,
 * while the parent is still alive.
 */
export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const list = children.get(ppid);
    if (list) list.push(Number(name));
    else children.set(ppid, [Number(name)]);
  }
  const out: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      out.push(child);
      queue.push(child);
    }
  }
  return out;
}

/** A process as it was when it was signalled: its pid and start time, so a reused pid is not mistaken for it. */
export interface ProcessRef {
  pid: number;
  /** Clock ticks after boot (/proc/<pid>/stat field 22); null when /proc did not say. */
  start: number | null;
}

/**
 * SIGKILLs `pid`'s process group and every descendant (and its group), wherever setsid put it.
 * Returns the processes signalled: SIGKILL is not death, a process blocked in I/O (fio's jobs,
 * with requests in flight) lives on until they complete; waitGone() waits for that.
 */
export function killTree(pid: number): ProcessRef[] {
  const all = [pid, ...descendants(pid)].map((p) => ({ pid: p, start: procState(p)?.start ?? null }));
  for (const { pid: p } of all) {
    for (const target of [-p, p]) {
      try {
        process.kill(target, 'SIGKILL');
      } catch {
        // ESRCH: already gone, or not a group leader.
      }
    }
  }
  return all;
}

/** Whether a process is gone: no such pid, a zombie (it does nothing more), or the pid now names a later process. */
export function isGone(p: ProcessRef): boolean {
  const st = procState(p.pid);
  return st === null || st.state === 'Z' || st.state === 'X' || (p.start !== null && st.start !== p.start);
}

/**
 * Resolves once every process of `procs` is gone, or after `timeoutMs`, with those still there
 * (empty when all are gone). Polls /proc every 10 ms.
 */
export async function waitGone(procs: readonly ProcessRef[], timeoutMs: number): Promise<ProcessRef[]> {
  const until = performance.now() + timeoutMs;
  let left = procs.filter((p) => !isGone(p));
  while (left.length > 0 && performance.now() < until) {
    await new Promise((r) => setTimeout(r, 10));
    left = left.filter((p) => !isGone(p));
  }
  return left;
}

/** waitGone() for the way out of the process, where nothing asynchronous runs any more. */
export function waitGoneSync(procs: readonly ProcessRef[], timeoutMs: number): ProcessRef[] {
  const until = performance.now() + timeoutMs;
  const nap = new Int32Array(new SharedArrayBuffer(4));
  let left = procs.filter((p) => !isGone(p));
  while (left.length > 0 && performance.now() < until) {
    Atomics.wait(nap, 0, 0, 10);
    left = left.filter((p) => !isGone(p));
  }
  return left;
}

/** A process as /proc shows it: pid, start time, command name and argv. */
export interface ProcessInfo extends ProcessRef {
  comm: string;
  argv: string[];
}

/** Live processes (no zombies) for which `test` holds, from /proc. */
export function processesMatching(test: (p: ProcessInfo) => boolean): ProcessInfo[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const out: ProcessInfo[] = [];
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    let cmdline: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (rest[0] === 'Z' || rest[0] === 'X') continue;
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const p = { pid: Number(name), start: Number(rest[19]), comm, argv: cmdline.split('\0').filter(Boolean) };
    if (test(p)) out.push(p);
  }
  return out;
}

/** The live members of process group `pgid` (from /proc), leader included. */
export function groupMembers(pgid: number): ProcessRef[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const out: ProcessRef[] = [];
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue;
    }
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(rest[2]) === pgid && rest[0] !== 'Z' && rest[0] !== 'X') out.push({ pid: Number(name), start: Number(rest[19]) });
  }
  return out;
}

function procState(pid: number): { state: string; start: number } | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { state: rest[0] ?? '?', start: Number(rest[19]) };
}
