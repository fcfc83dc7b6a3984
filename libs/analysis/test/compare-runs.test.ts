import { describe, expect, it } from 'vitest';
import { compareRuns, compareToBaselines, ratioOfMeans, type RunRow } from '@sharebench/analysis';

/** Run rows of one cell, one per value (null: a failed run); only what compareRuns reads. */
function cell(env: string, job: string, values: Array<number | null>, over: Partial<RunRow> = {}): RunRow[] {
  return values.map(
    (v, i) =>
      ({
        env,
        job,
        direction: 'read',
        hostname: null,
        repeat: i + 1,
        status: v === null ? 'failed' : 'ok',
        error: v === null ? 'fio exited 1' : null,
        bw_bytes: v,
        iops: v === null ? null : v / 4096,
        clat_p99_ns: v === null ? null : 1e9 / v,
        ...over,
      }) as RunRow,
  );
}

const opts = { metric: 'bw_bytes' as const, threshold: 0.05 };

describe('analysis/ops/compare-runs', () => {
  it('the same dataset: every cell unchanged, ratio 1', () => {
    const runs = [...cell('host', 'a', [100, 102, 98]), ...cell('host', 'b', [50, 51, 49])];
    const rows = compareRuns(runs, runs, opts);
    expect(rows.map((r) => [r.job, r.verdict, r.ratio])).toEqual([
      ['a', 'unchanged', 1],
      ['b', 'unchanged', 1],
    ]);
  });

  it('a significant slowdown beyond the threshold is a regression; its CI is ratioOfMeans over the ok runs', () => {
    const [row] = compareRuns(cell('host', 'a', [100, 102, 98]), cell('host', 'a', [80, 81, 79]), opts);
    // Means 100 and 80, sds 2 and 1: ratio 0.8.
    expect(row).toMatchObject({ verdict: 'regression', baseline_mean: 100, candidate_mean: 80, baseline_n: 3, candidate_n: 3, significant: true });
    expect(row!.ratio).toBeCloseTo(0.8, 12);
    const expected = ratioOfMeans({ mean: 80, sd: 1, n: 3 }, { mean: 100, sd: 2, n: 3 });
    expect(row!.ratio_ci95_lo).toBeCloseTo(expected.ci95_lo!, 12);
    expect(row!.ratio_ci95_hi).toBeLessThan(1);
  });

  it('a slowdown within the threshold, or whose CI includes 1, is not a regression', () => {
    const small = compareRuns(cell('host', 'a', [100, 100.5, 99.5]), cell('host', 'a', [97, 97.5, 96.5]), opts)[0]!;
    expect(small).toMatchObject({ verdict: 'unchanged', significant: true });
    const noisy = compareRuns(cell('host', 'a', [100, 150, 50]), cell('host', 'a', [80, 130, 30]), opts)[0]!;
    expect(noisy).toMatchObject({ verdict: 'unchanged', significant: false });
    expect(noisy.reason).toMatch(/20\.0% change, but the 95% CI of the ratio includes 1/);
  });

  it('with fewer than 2 ok repeats on a side the threshold alone decides', () => {
    const one = compareRuns(cell('host', 'a', [100]), cell('host', 'a', [90]), opts)[0]!;
    expect(one).toMatchObject({ verdict: 'regression', significant: null, ratio_ci95_lo: null, reason: expect.stringMatching(/threshold alone/) });
    const faster = compareRuns(cell('host', 'a', [100]), cell('host', 'a', [120]), opts)[0]!;
    expect(faster.verdict).toBe('improvement');
  });

  it('latency: lower is better, so a higher p99 is the regression', () => {
    const rows = compareRuns(cell('host', 'a', [100, 102, 98]), cell('host', 'a', [80, 81, 79]), { metric: 'clat_p99_ns', threshold: 0.05 });
    expect(rows[0]).toMatchObject({ verdict: 'regression' });
    expect(rows[0]!.ratio).toBeGreaterThan(1.2);
  });

  it('a cell that fails in the candidate gates; one without a baseline, or on one side only, does not', () => {
    const baseline = [...cell('host', 'a', [100, 101]), ...cell('host', 'b', [null, null]), ...cell('host', 'gone', [1, 1])];
    const candidate = [...cell('host', 'a', [null, null]), ...cell('host', 'b', [5, 5]), ...cell('host', 'new', [1, 1])];
    expect(compareRuns(baseline, candidate, opts).map((r) => [r.job, r.verdict, r.reason])).toEqual([
      ['a', 'failed', 'candidate: no bw_bytes (failed: fio exited 1)'],
      ['b', 'no baseline', 'baseline: no bw_bytes (failed: fio exited 1)'],
      ['gone', 'only in baseline', 'the candidate has no such cell'],
      ['new', 'only in candidate', 'the baseline has no such cell'],
    ]);
  });

  it('matches cells by env, job, direction and client host, not by campaign', () => {
    const baseline = cell('virtiofs', 'a', [100, 100], { campaign: 'one' } as Partial<RunRow>);
    const candidate = [
      ...cell('virtiofs', 'a', [100, 100], { campaign: 'two' } as Partial<RunRow>),
      ...cell('virtiofs', 'a', [50, 50], { hostname: 'server-1' }),
      ...cell('virtiofs', 'a', [50, 50], { direction: 'write' }),
    ];
    const rows = compareRuns(baseline, candidate, opts);
    expect(rows.map((r) => [r.direction, r.hostname, r.verdict])).toEqual([
      ['read', null, 'unchanged'],
      ['read', 'server-1', 'only in candidate'],
      ['write', null, 'only in candidate'],
    ]);
  });

  describe('several baselines: run-to-run noise in the interval', () => {
    // Three A/A datasets whose means are 100, 95 and 105 (each a tight 3 repeats): the run-to-run
    // spread, about 5%, is far beyond the repeats' own. Expected numbers from numpy/scipy apart from
    // this code: s² = var(ln means, ddof=1), tau² = s² - mean within-variance, se² = s²/3 + tau² + v_c,
    // interval exp(d ± t(0.975, 2) se).
    const baselines = [cell('host', 'a', [100, 102, 98]), cell('host', 'a', [95, 96, 94]), cell('host', 'a', [106, 104, 105])];

    it('a 10% drop inside the baselines\' spread: unchanged, though one baseline alone would call it a regression', () => {
      const [row] = compareToBaselines(baselines, cell('host', 'a', [90, 91, 89]), opts);
      expect(row).toMatchObject({ verdict: 'unchanged', baselines: 3, baseline_n: 9, candidate_n: 3, significant: false });
      expect(row!.ratio).toBeCloseTo(0.9007512524356309, 12);
      expect(row!.ratio_ci95_lo).toBeCloseTo(0.7031287587823809, 10);
      expect(row!.ratio_ci95_hi).toBeCloseTo(1.1539178402678196, 10);
      expect(row!.run_to_run_sd).toBeCloseTo(0.050046946036588526, 12);
      expect(row!.detectable_change).toBeCloseTo(0.25842754141383095, 10);
      expect(row!.reason).toMatch(/^a 9\.92% change, but the 95% CI of the ratio includes 1$/);
      expect(compareRuns(baselines[0]!, cell('host', 'a', [90, 91, 89]), opts)[0]!.verdict).toBe('regression');
    });

    it('a 40% drop: its whole interval is beyond the threshold, a regression', () => {
      const [row] = compareToBaselines(baselines, cell('host', 'a', [60, 61, 59]), opts);
      expect(row).toMatchObject({ verdict: 'regression', significant: true });
      expect(row!.ratio_ci95_hi).toBeCloseTo(0.7707531232056274, 10);
    });

    it('a cell some baselines lack is compared with those that have it; one only the candidate has is listed', () => {
      const rows = compareToBaselines([baselines[0]!, [...baselines[1]!, ...cell('host', 'b', [10, 10.5])]], cell('host', 'b', [10, 10.2]), opts);
      expect(rows.map((r) => [r.job, r.verdict, r.baselines])).toEqual([
        ['a', 'only in baseline', 2],
        ['b', 'unchanged', 1],
      ]);
    });
  });
});
