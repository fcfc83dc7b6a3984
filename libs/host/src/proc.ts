import { readdirSync, readFileSync } from 'node:fs';

/** One process as /proc/<pid>/stat shows it (proc(5)); times in clock ticks. */
export interface ProcStat {
  pid: number;
  comm: string;
  /** R, S, D, Z (zombie), X (dead), ... */
  state: string;
  ppid: number;
  pgrp: number;
  /** utime + stime + cutime + cstime: CPU time of the process and its waited-for children. */
  cpuTicks: number;
  /** Start time after boot: with the pid, it names one process even when pids are reused. */
  start: number;
}

/** Parses one /proc/<pid>/stat line; null when it is not one. */
export function parseProcStat(pid: number, text: string): ProcStat | null {
  // "pid (comm) state ppid ...": comm may hold spaces and parentheses; the fields after the last
  // ')' start at field 3 (state).
  const close = text.lastIndexOf(')');
  if (close < 0) return null;
  const rest = text.slice(close + 2).split(' ');
  const field = (n: number) => Number(rest[n - 3]);
  const stat = {
    pid,
    comm: text.slice(text.indexOf('(') + 1, close),
    state: rest[0] ?? '?',
    ppid: field(4),
    pgrp: field(5),
    cpuTicks: field(14) + field(15) + field(16) + field(17),
    start: field(22),
  };
  return Number.isFinite(stat.ppid) && Number.isFinite(stat.start) ? stat : null;
}

/** `pid`'s stat, or null when it is gone. */
export function readProcStat(pid: number): ProcStat | null {
  try {
    return parseProcStat(pid, readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

/** Every process /proc lists now (processes that exit while it is read are left out). */
export function allProcStats(): ProcStat[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const out: ProcStat[] = [];
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readProcStat(Number(name));
    if (stat) out.push(stat);
  }
  return out;
}

/** Whether a stat is of a process that does nothing more (a zombie, or dead). */
export const isDefunct = (s: Pick<ProcStat, 'state'>): boolean => s.state === 'Z' || s.state === 'X';
