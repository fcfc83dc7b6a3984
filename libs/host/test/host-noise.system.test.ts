import { describe, expect, it } from 'vitest';
import os from 'node:os';
import { sampleHostCpu } from '@sharebench/host';
import { loadBand } from '@sharebench/host/testing';

// Linux's USER_HZ: /proc counts CPU time in 10 ms ticks.
const TICK_MS = 10;

describe('host/host-noise on this machine', () => {
  it("samples this machine, this process's CPU time in its tree's", () => {
    const loadBefore = os.loadavg()[0]!;
    const cpuBefore = process.cpuUsage();
    const a = sampleHostCpu()!;
    // Busy until this process has used 20 ticks (200 ms of CPU), however loaded the machine is; the
    // bound is CPU time (10 s of it), not wall time: a loop that never sees its ticks stops there.
    // Enough ticks that the counters' rounding (a tick or two per field per sample) stays small.
    let b = sampleHostCpu()!;
    while (b.treeTicks - a.treeTicks < 20 && process.cpuUsage(cpuBefore).user < 10_000_000) {
      const spin = performance.now() + 20;
      while (performance.now() < spin);
      b = sampleHostCpu()!;
    }
    const used = process.cpuUsage(cpuBefore);
    const usedTicks = (used.user + used.system) / 1000 / TICK_MS;
    const treeTicks = b.treeTicks - a.treeTicks;
    expect(treeTicks).toBeGreaterThanOrEqual(20);
    // The same CPU time as getrusage() (process.cpuUsage) counts it, to a tick or two per sample.
    expect(treeTicks).toBeGreaterThanOrEqual(Math.floor(usedTicks * 0.8) - 2);
    expect(treeTicks).toBeLessThanOrEqual(Math.ceil(usedTicks * 1.2) + 2);
    // The machine's ticks hold the tree's. /proc/stat truncates each of its fields to whole ticks
    // while a process's time is exact, so the two can disagree by a few ticks (seen: 4 machine ticks
    // against 5 of a process whose threads ran on both CPUs for 34 ms).
    expect(b.totalTicks - a.totalTicks).toBeGreaterThanOrEqual(treeTicks - 4);
    // The 1-minute load, as os.loadavg() reads it another way.
    const load = loadBand(loadBefore);
    expect(a.load1).toBeGreaterThanOrEqual(load.lo);
    expect(a.load1).toBeLessThanOrEqual(load.hi);
  });
});
