import { describe, expect, it } from 'vitest';
import { parseProcStat, noiseBetween, parseLoadavg, parseProcStatCpu, type CpuSample } from '@sharebench/host';

// Real lines from this project's 2-CPU CI machine (Linux 6.1).
const PROC_STAT = `cpu  1144066 3010 437950 7791530 25163 0 8519 1322 0 0
cpu0 571032 1553 218774 3896011 12546 0 5310 657 0 0
intr 1 2 3
`;
const PID_STAT = '4242 (fio (job) 1) R 4200 4242 4242 0 -1 4194560 1202 0 0 0 150 37 12 3 20 0 1 0 987654 1064960 250 18446744073709551615';

describe('host/host-noise', () => {
  it('reads /proc/stat: total without guest time, busy without idle and iowait', () => {
    const total = 1144066 + 3010 + 437950 + 7791530 + 25163 + 0 + 8519 + 1322;
    expect(parseProcStatCpu(PROC_STAT)).toEqual({ total, busy: total - 7791530 - 25163 });
    expect(parseProcStatCpu('intr 1\n')).toBeNull();
  });

  it('reads a process line whose comm holds spaces and parentheses', () => {
    expect(parseProcStat(4242, PID_STAT)).toMatchObject({
      comm: 'fio (job) 1',
      state: 'R',
      ppid: 4200,
      pgrp: 4242,
      cpuTicks: 150 + 37 + 12 + 3,
      start: 987654,
    });
  });

  it('reads the 1-minute load average', () => {
    expect(parseLoadavg('3.81 3.58 3.37 1/88 24952\n')).toBe(3.81);
  });

  it("counts the host's busy time outside the run's tree over all CPUs' time", () => {
    const a: CpuSample = { atMs: 0, totalTicks: 1000, busyTicks: 300, treeTicks: 50, load1: 1.5 };
    // 1 s on 2 CPUs (200 ticks): 120 busy, 90 of them the run's: 30 by others = 0.15.
    const b: CpuSample = { atMs: 1000, totalTicks: 1200, busyTicks: 420, treeTicks: 140, load1: 1.6 };
    expect(noiseBetween(a, b)).toEqual({ load1: 1.5, busyRatio: 0.15, ticks: { total: 200, busy: 120, tree: 90 } });
    // Too short to tell (under 20 ticks), and never below 0 when the tree's ticks round above the host's.
    expect(noiseBetween(a, { ...a, totalTicks: 1010 }).busyRatio).toBeNull();
    expect(noiseBetween(a, { ...b, treeTicks: 200 }).busyRatio).toBe(0);
  });
});
