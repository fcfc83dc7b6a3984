import { readFileSync } from 'node:fs';
import { allProcStats } from './proc.js';

/**
 * What the host was doing, sampled from /proc at one instant: all CPUs' time so far, the part of
 * it that was busy, the CPU time of one process tree (this sharebench and everything it started:
 * fio, QEMU, virtiofsd), and the 1-minute load average. Times are clock ticks (USER_HZ), the unit
 * /proc/stat and /proc/<pid>/stat share.
 */
export interface CpuSample {
  /** performance.now() when sampled, ms. */
  atMs: number;
  totalTicks: number;
  busyTicks: number;
  /** utime + stime + cutime + cstime of the tree's root and every live descendant. */
  treeTicks: number;
  load1: number | null;
}

/** What the host did between two samples, beside the measured tree. */
export interface HostNoise {
  /** The load average at the first sample. */
  load1: number | null;
  /** CPU time of everything outside the tree over (wall time x CPUs), 0..1; null when the interval was too short to tell. */
  busyRatio: number | null;
  ticks: { total: number; busy: number; tree: number };
}

/**
 * Samples the host for `root`'s process tree; null where /proc cannot be read (not Linux). A
 * descendant that exits and is reaped by a parent inside the tree moves its CPU time into the
 * parent's cutime/cstime, so the tree's total carries on; one orphaned to init is lost to it
 * (counted as the host's then, never hidden).
 */
export function sampleHostCpu(root: number = process.pid): CpuSample | null {
  let stat: string;
  try {
    stat = readFileSync('/proc/stat', 'utf8');
  } catch {
    return null;
  }
  const cpu = parseProcStatCpu(stat);
  if (!cpu) return null;
  let load1: number | null = null;
  try {
    load1 = parseLoadavg(readFileSync('/proc/loadavg', 'utf8'));
  } catch {
    // stays null
  }
  return { atMs: performance.now(), totalTicks: cpu.total, busyTicks: cpu.busy, treeTicks: treeTicks(root), load1 };
}

/** The noise between two samples of the same tree. */
export function noiseBetween(a: CpuSample, b: CpuSample): HostNoise {
  const total = b.totalTicks - a.totalTicks;
  const busy = b.busyTicks - a.busyTicks;
  const tree = b.treeTicks - a.treeTicks;
  // Ticks are 10 ms: under 20 of them (0.1 s on 2 CPUs) the ratio is mostly rounding.
  const busyRatio = total >= 20 ? Math.min(1, Math.max(0, (busy - tree) / total)) : null;
  return { load1: a.load1, busyRatio, ticks: { total, busy, tree } };
}

/**
 * The aggregate `cpu` line of /proc/stat: total = every column but guest and guest_nice (which
 * user and nice already include); busy = total - idle - iowait (waiting for I/O is idle time).
 */
export function parseProcStatCpu(text: string): { total: number; busy: number } | null {
  const line = text.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) return null;
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const parts = [user, nice, system, idle, iowait, irq, softirq, steal].map((v) => v ?? 0);
  if (parts.some((v) => !Number.isFinite(v))) return null;
  const total = parts.reduce((s, v) => s + v, 0);
  return { total, busy: total - parts[3]! - parts[4]! };
}

/** The 1-minute load average of /proc/loadavg. */
export function parseLoadavg(text: string): number | null {
  const v = Number(text.trim().split(/\s+/)[0]);
  return Number.isFinite(v) ? v : null;
}


function treeTicks(root: number): number {
  const children = new Map<number, number[]>();
  const ticks = new Map<number, number>();
  for (const p of allProcStats()) {
    ticks.set(p.pid, p.cpuTicks);
    const list = children.get(p.ppid);
    if (list) list.push(p.pid);
    else children.set(p.ppid, [p.pid]);
  }
  let sum = 0;
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    sum += ticks.get(pid) ?? 0;
    queue.push(...(children.get(pid) ?? []));
  }
  return sum;
}
