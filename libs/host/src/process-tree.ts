import { readFileSync } from 'node:fs';
import { allProcStats, isDefunct, readProcStat } from './proc.js';

/**
 * Every live descendant of `pid`, from /proc. fio's job processes call setsid(), so they leave
 * the process group they were born in: signalling the group reaches the parent only, and a job
 * whose parent died waits for it forever. Their pids have to be found through their parents,
 * while the parent is still alive.
 */
export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const p of allProcStats()) {
    const list = children.get(p.ppid);
    if (list) list.push(p.pid);
    else children.set(p.ppid, [p.pid]);
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
  const all = [pid, ...descendants(pid)].map((p) => ({ pid: p, start: readProcStat(p)?.start ?? null }));
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
  const st = readProcStat(p.pid);
  return st === null || isDefunct(st) || (p.start !== null && st.start !== p.start);
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
  const out: ProcessInfo[] = [];
  for (const st of allProcStats()) {
    if (isDefunct(st)) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${st.pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    const p = { pid: st.pid, start: st.start, comm: st.comm, argv: cmdline.split('\0').filter(Boolean) };
    if (test(p)) out.push(p);
  }
  return out;
}

/** The live members of process group `pgid` (from /proc), leader included. */
export function groupMembers(pgid: number): ProcessRef[] {
  return allProcStats()
    .filter((p) => p.pgrp === pgid && !isDefunct(p))
    .map((p) => ({ pid: p.pid, start: p.start }));
}

