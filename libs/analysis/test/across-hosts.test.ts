import { describe, expect, it } from 'vitest';
import { acrossHosts, findings, t95, type SpeedupRow } from '@sharebench/analysis';
import { BCG } from './stats/meta-datasets.js';

/** A speedups row of one cell on one host: the ratio and the standard error of its log. */
function cell(host_id: string | null, job: string, ratio: number | null, log_ratio_se: number | null, ratio_df: number | null = null): SpeedupRow {
  return {
    campaign: 'c',
    job,
    workload: job.split('-')[0]!,
    ioengine: 'psync',
    numjobs: 1,
    direction: 'read',
    hostname: null,
    host_id,
    metric: 'bw_bytes',
    pair: 'host',
    candidate: 'virtiofs',
    baseline: 'host',
    candidate_mean: ratio === null ? null : ratio * 100,
    baseline_mean: 100,
    candidate_n: 3,
    baseline_n: 3,
    ratio,
    log2_ratio: ratio === null ? null : Math.log2(ratio),
    ratio_ci95_lo: null,
    ratio_ci95_hi: null,
    log_ratio_se,
    ratio_df,
    significant: null,
    status: ratio === null ? 'failed' : 'ok',
    error: ratio === null ? 'virtiofs has no bandwidth' : null,
  };
}

describe('analysis/ops/across-hosts', () => {
  it("pools hosts by random effects: the 13 BCG trials as 13 hosts of one cell give metafor's REML + knha result", () => {
    // Viechtbauer 2010 (J Stat Softw 36(3)) and metafor's README, rma(yi, vi, data = dat.bcg, test = "knha"):
    // estimate -0.7145, tau² 0.3132, 95% CI -1.1084 .. -0.3206 (t with 12 df).
    const rows = BCG.map((c, i) => cell(`trial-${i + 1}`, 'randread-psync', Math.exp(c.y), Math.sqrt(c.v)));
    const [a, ...rest] = acrossHosts(rows);
    expect(rest).toEqual([]);
    expect(a!.hosts).toHaveLength(13);
    expect(a!.method).toBe('random_effects');
    expect(Math.log(a!.ratio!)).toBeCloseTo(-0.7145, 4);
    expect(a!.tau! ** 2).toBeCloseTo(0.3132, 4);
    expect(Math.log(a!.ci95_lo!)).toBeCloseTo(-1.1084, 4);
    expect(Math.log(a!.ci95_hi!)).toBeCloseTo(-0.3206, 4);
    expect(a!.pi95_lo).not.toBeNull();
  });

  it("estimates each host over the cells every host measured: the geometric mean, its SE from the cells' own, Satterthwaite df", () => {
    const rows = [
      cell('a', 'seqread-psync', 2, 0.1, 4),
      cell('a', 'randread-psync', 8, 0.2, 6),
      cell('a', 'randrw-psync', 3, 0.1, 4), // on host a only: left out
      cell('b', 'seqread-psync', 1, 0.1, 4),
      cell('b', 'randread-psync', 4, 0.1, 4),
      cell('b', 'seqwrite-psync', null, null), // failed on b: left out
    ];
    const [a] = acrossHosts(rows);
    expect(a!.cells).toEqual(['seqread-psync · read', 'randread-psync · read']);
    expect(a!.cells_left_out).toBe(2);
    const hostA = a!.hosts.find((h) => h.host_id === 'a')!;
    // By hand: sqrt(2 · 8) = 4; se = sqrt(0.01 + 0.04) / 2; df = 0.05² / (0.01²/4 + 0.04²/6).
    expect(hostA.ratio).toBeCloseTo(4, 12);
    expect(hostA.log_ratio_se).toBeCloseTo(Math.sqrt(0.05) / 2, 12);
    expect(hostA.df).toBeCloseTo(0.0025 / (0.0001 / 4 + 0.0016 / 6), 9);
    expect(hostA.ci95_hi).toBeCloseTo(4 * Math.exp(t95(hostA.df!) * Math.sqrt(0.05) / 2), 9);
    const hostB = a!.hosts.find((h) => h.host_id === 'b')!;
    expect(hostB.ratio).toBeCloseTo(2, 12);
  });

  it('lets the random effects stand for two hosts too (t with 1 df), never the narrower fixed effect', () => {
    const rows = [cell('a', 'seqread-psync', 2, 0.05), cell('b', 'seqread-psync', 1.2, 0.05)];
    const [a] = acrossHosts(rows);
    expect(a!.method).toBe('random_effects');
    // The fixed effect of two equal-variance hosts is their geometric mean with se 0.05/√2.
    const fixedHalfWidth = 1.959963984540054 * (0.05 / Math.SQRT2);
    expect(Math.log(a!.ci95_hi! / a!.ci95_lo!) / 2).toBeGreaterThan(fixedHalfWidth);
    expect(a!.ci95_lo).toBeLessThan(1.2);
    expect(a!.ci95_hi).toBeGreaterThan(2);
    expect(a!.q_p).toBeLessThan(0.001);
  });

  it('needs two hosts: one host, or rows without host_id, give no across-hosts finding', () => {
    expect(acrossHosts([cell('a', 'seqread-psync', 2, 0.1), cell('a', 'randread-psync', 3, 0.1)])).toEqual([]);
    expect(acrossHosts([cell(null, 'seqread-psync', 2, 0.1), cell(null, 'randread-psync', 3, 0.1)])).toEqual([]);
    const f = findings([cell('a', 'seqread-psync', 2, 0.1), cell('b', 'seqread-psync', 3, 0.1)]);
    expect(f.hosts).toEqual(['a', 'b']);
    // One comparison per host, and one across them.
    expect(f.families[0]!.comparisons.map((c) => c.host_id)).toEqual(['a', 'b']);
    expect(f.across_hosts).toHaveLength(1);
  });
});
