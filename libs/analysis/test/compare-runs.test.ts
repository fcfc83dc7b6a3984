import { describe, expect, it } from 'vitest';
import { seededRandom } from '@sharebench/core';
import { compareRuns, compareToBaselines, ratioOfMeans, type CompareRow, type RunRow } from '@sharebench/analysis';

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
      // scipy: stats.t.cdf((d - ln 0.95) / se, 2), the one-sided test the interval's end makes.
      expect(row!.p_regression).toBeCloseTo(0.007810472099071453, 10);
      expect(row!.p_regression_holm).toBe(row!.p_regression);
    });

    it('a cell some baselines lack is compared with those that have it; one only the candidate has is listed', () => {
      const rows = compareToBaselines([baselines[0]!, [...baselines[1]!, ...cell('host', 'b', [10, 10.5])]], cell('host', 'b', [10, 10.2]), opts);
      expect(rows.map((r) => [r.job, r.verdict, r.baselines])).toEqual([
        ['a', 'only in baseline', 2],
        ['b', 'unchanged', 1],
      ]);
    });
  });

  describe('many cells: Holm across them', () => {
    // Cell a alone: Welch's one-sided p = 0.018407352598265 (scipy: stats.t.cdf((d - ln 0.95) / se, df), df =
    // 3.8988), its 95% CI's top 0.93942 below 0.95: a regression. Beside an unchanged cell b, Holm doubles the
    // smallest p (0.0368 > 0.025), and the smallest change cell a could gate on grows from 14.04% to 16.27%
    // (scipy: 1 - 0.95 exp(-se t(1 - 0.025/m, df)) for m = 1, 2).
    const a = { baseline: cell('host', 'a', [100, 104, 96]), candidate: cell('host', 'a', [85, 89, 81]) };
    const b = { baseline: cell('host', 'b', [100, 104, 96]), candidate: cell('host', 'b', [100, 104, 96]) };

    it("a cell whose own interval clears the threshold is a regression alone, and not beside another cell", () => {
      const [alone] = compareRuns(a.baseline, a.candidate, opts);
      expect(alone).toMatchObject({ verdict: 'regression', reason: null });
      expect(alone!.p_regression).toBeCloseTo(0.01840735259826516, 10);
      expect(alone!.ratio_ci95_hi).toBeCloseTo(0.9394186142530583, 10);
      expect(alone!.detectable_change).toBeCloseTo(0.1404258040574896, 10);
      const [withB, bRow] = compareRuns([...a.baseline, ...b.baseline], [...a.candidate, ...b.candidate], opts);
      expect(withB).toMatchObject({ verdict: 'unchanged', significant: true });
      expect(withB!.reason).toBe("a 15.0% change whose own 95% CI clears the 5.00% threshold, but not after Holm's correction for the 2 cells compared");
      expect(withB!.p_regression).toBe(alone!.p_regression);
      expect(withB!.p_regression_holm).toBeCloseTo(2 * 0.01840735259826516, 10);
      expect(withB!.detectable_change).toBeCloseTo(0.16272923776538506, 10);
      expect(bRow).toMatchObject({ verdict: 'unchanged', ratio: 1 });
    });

    it('cells without an interval are not in the family: the threshold alone decides them, and they do not dilute the rest', () => {
      const single = { baseline: cell('host', 'c', [100]), candidate: cell('host', 'c', [50]) };
      const rows = compareRuns([...a.baseline, ...single.baseline], [...a.candidate, ...single.candidate], opts);
      expect(rows.map((r) => [r.job, r.verdict, r.p_regression_holm === null ? null : Number(r.p_regression_holm.toFixed(6))])).toEqual([
        ['a', 'regression', 0.018407],
        ['c', 'regression', null],
      ]);
    });

    // Seeded simulation: 40 A/A comparisons of a 500-cell matrix (the seed study's is about 570 cells; three
    // baselines and a candidate, each dataset a draw with 4% run-to-run and 2% repeat-to-repeat noise, 3
    // repeats). With a test per cell at 2.5% (29 of these 40 without Holm), most comparisons find a
    // "regression" somewhere; Holm keeps the share with any at 2.5% at most (none of these 40).
    it('an A/A comparison of 500 cells rarely gates, though a test per cell would in most of them', () => {
      const random = seededRandom(20261203);
      const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
      const cells = 500;
      const dataset = (): RunRow[] =>
        Array.from({ length: cells }, (_, i) => {
          const level = 100 * (1 + i / 10) * Math.exp(0.04 * normal());
          return cell('host', `job-${i}`, [0, 1, 2].map(() => level * Math.exp(0.02 * normal())));
        }).flat();
      let perCell = 0;
      let gated = 0;
      const comparisons = 40;
      for (let i = 0; i < comparisons; i++) {
        const rows: CompareRow[] = compareToBaselines([dataset(), dataset(), dataset()], dataset(), opts);
        expect(rows).toHaveLength(cells);
        if (rows.some((r) => r.p_regression !== null && r.p_regression < 0.025)) perCell++;
        if (rows.some((r) => r.verdict === 'regression')) gated++;
      }
      expect(perCell).toBeGreaterThan(comparisons / 2);
      expect(gated).toBeLessThanOrEqual(2);
    });
  });
});

