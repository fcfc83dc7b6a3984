import { describe, expect, it } from 'vitest';
import { poolRandomEffects, ratioOfMeans, t95, twoSidedP, PoolMethod, RefusedReason, Tau2Estimator, type PoolCell } from '@sharebench/analysis';
import { BCG, CLASP_LOG_OR, SBP } from './meta-datasets.js';

/** `actual` printed to `decimals` places reads `published` (half a unit of the last place, plus float slack). */
function expectRounded(actual: number | null | undefined, published: number, decimals: number): void {
  expect(actual).not.toBeNull();
  expect(Math.abs(actual! - published), `${actual} printed to ${decimals} places is not ${published}`).toBeLessThanOrEqual(0.5 * 10 ** -decimals + 1e-12);
}

// Published results, each from a route other than this code:
// - [metan] Stata's metan on dat.bcg, as quoted in metafor's tests/testthat/test_misc_metan_vs_rma.uni_with_dat.bcg.r
//   (github.com/wviechtb/metafor, commit 71ae8f5): fixed effect and DerSimonian-Laird, log risk ratios.
// - [rma.uni] metafor's documentation of rma.uni (docs/reference/rma.uni.html, same commit; the example of
//   Viechtbauer 2010, J Stat Softw 36(3)): REML on dat.bcg. [README] metafor's README.md lines 125-160: the same
//   model with test = "knha" (Hartung-Knapp-Sidik-Jonkman).
// - [DK2007] DerSimonian & Kacker (2007), Contemp Clin Trials 28:105-114, Tables 3 and 4 (tau, mu, se of the CLASP
//   example), as metafor's tests/testthat/test_analysis_example_dersimonian2007.r lists them.
// - [pimeta] pimeta's documented output of htsdl() on Riley, Higgins & Deeks (2011)'s sbp data
//   (rdocumentation.org/packages/pimeta/versions/1.0.1/topics/htsdl): the Higgins-Thompson-Spiegelhalter interval.
describe('analysis/stats/random-effects', () => {
  it('reads the BCG data as metafor prints them', () => {
    // metafor README lines 111-123: yi and vi of trials 1, 4, 8 and 13.
    for (const [i, yi, vi] of [[0, -0.8893, 0.3256], [3, -1.4416, 0.02], [7, 0.012, 0.004], [12, -0.0173, 0.0714]] as const) {
      expectRounded(BCG[i]!.y, yi, 4);
      expectRounded(BCG[i]!.v, vi, 4);
    }
  });

  it('gives the fixed effect and Q Stata metan gives for BCG [metan]', () => {
    const fe = poolRandomEffects(BCG).fixed_effect!;
    expectRounded(fe.log_ratio, -0.4303, 4);
    expectRounded(fe.log_ci95_lo, -0.5097, 4);
    expectRounded(fe.log_ci95_hi, -0.3509, 4);
    expect(fe.df).toBeNull();
    expectRounded(poolRandomEffects(BCG).q, 152.233, 4);
    // metafor prints "Q(df = 12) = 152.2330, p-val < .0001".
    expect(poolRandomEffects(BCG)).toMatchObject({ q_df: 12 });
    expect(poolRandomEffects(BCG).q_p!).toBeLessThan(1e-4);
    expectRounded(Math.exp(fe.log_ratio), 0.6503, 4);
    expectRounded(Math.exp(fe.log_ci95_lo), 0.6007, 4);
    expectRounded(Math.exp(fe.log_ci95_hi), 0.704, 4);
  });

  it('gives the DerSimonian-Laird fit Stata metan gives for BCG [metan]', () => {
    const dl = poolRandomEffects(BCG, { tau2_estimator: Tau2Estimator.dl }).random_effects!;
    expectRounded(dl.tau2, 0.3088, 4);
    expectRounded(dl.log_ratio, -0.7141, 4);
    expectRounded(dl.wald.log_ci95_lo, -1.0644, 4);
    expectRounded(dl.wald.log_ci95_hi, -0.3638, 4);
    expectRounded(100 * dl.i2, 92.1173, 4);
    expectRounded(Math.exp(dl.log_ratio), 0.4896, 4);
    expectRounded(Math.exp(dl.wald.log_ci95_lo), 0.3449, 4);
    expectRounded(Math.exp(dl.wald.log_ci95_hi), 0.695, 4);
  });

  it('gives the REML fit metafor documents for BCG, Wald and HKSJ [rma.uni, README]', () => {
    const pooled = poolRandomEffects(BCG);
    const re = pooled.random_effects!;
    expect(re.tau2_estimator).toBe(Tau2Estimator.reml);
    expect(re.converged).toBe(true);
    expectRounded(re.tau2, 0.3132, 4);
    expectRounded(re.tau, 0.5597, 4);
    expectRounded(100 * re.i2, 92.22, 2);
    expectRounded(re.h2, 12.86, 2);
    expectRounded(re.log_ratio, -0.7145, 4);
    expectRounded(re.log_ratio_se, 0.1798, 4);
    expectRounded(re.wald.log_ci95_lo, -1.0669, 4);
    expectRounded(re.wald.log_ci95_hi, -0.3622, 4);
    // test = "knha": se 0.1808, t(12) CI -1.1084 .. -0.3206.
    expectRounded(re.hksj.log_ratio_se, 0.1808, 4);
    expect(re.hksj.df).toBe(12);
    expectRounded(re.hksj.log_ci95_lo, -1.1084, 4);
    expectRounded(re.hksj.log_ci95_hi, -0.3206, 4);
    // Here q > 1, so the ad hoc correction changes nothing and the standing CI is metafor's knha one:
    // predict(res, transf = exp, digits = 2) prints 0.49 (0.33, 0.73).
    expect(re.hksj_q).toBeGreaterThan(1);
    expect(pooled).toMatchObject({ method: PoolMethod.random_effects, k: 13, refused: [], ci_df: 12 });
    // The standing estimate's p-value, from its se and df, is the knha test's: metafor prints p = 0.0019.
    expectRounded(pooled.log_ratio_se, 0.1808, 4);
    expectRounded(twoSidedP(pooled.log_ratio!, pooled.log_ratio_se, pooled.ci_df), 0.0019, 4);
    expectRounded(pooled.ratio, 0.49, 2);
    expectRounded(pooled.ci95_lo, 0.33, 2);
    expectRounded(pooled.ci95_hi, 0.73, 2);
    expectRounded(pooled.tau2, 0.3132, 4);
  });

  it('gives the tau, mu and se DerSimonian & Kacker publish for CLASP, by PM, DL and REML [DK2007]', () => {
    const published = { pm: [0.3681, -0.3811, 0.206], dl: [0.2323, -0.324, 0.154], reml: [0.1843, -0.298, 0.1343] } as const;
    for (const estimator of Object.values(Tau2Estimator)) {
      const re = poolRandomEffects(CLASP_LOG_OR, { tau2_estimator: estimator }).random_effects!;
      const [tau, mu, se] = published[estimator];
      expectRounded(re.tau, tau, 4);
      expectRounded(re.log_ratio, mu, 4);
      expectRounded(re.log_ratio_se, se, 4);
      expect(re.converged).toBe(true);
    }
  });

  it('gives the Higgins-Thompson-Spiegelhalter prediction interval pimeta documents [pimeta]', () => {
    const pooled = poolRandomEffects(SBP, { tau2_estimator: Tau2Estimator.dl });
    const re = pooled.random_effects!;
    // R prints 7 significant digits; tau² (0.02824971 there, 0.0282497046 here) and the upper limit (0.09165839,
    // 0.0916583731) part in the 7th, a difference of 2e-8 on the log scale (pimeta 1.0.1's copy of the data, or its
    // rounding): checked to 7 decimals.
    expectRounded(re.tau2, 0.0282497, 7);
    expectRounded(re.log_ratio, -0.3340597, 7);
    expectRounded(re.log_pi95_lo, -0.7597777, 7);
    expectRounded(re.log_pi95_hi, 0.0916584, 7);
    expectRounded(Math.log(pooled.pi95_lo!), -0.7597777, 7);
  });

  it('truncates tau² at 0 when the cells agree better than their errors say, and keeps the CI at least Wald-wide', () => {
    // Q < k - 1: every estimator gives 0, the random-effects mean is the fixed effect, and plain HKSJ
    // (q < 1) would be narrower than the Wald interval; the standing (ad hoc) one is not.
    const cells = [{ y: 0.1, v: 0.01 }, { y: 0.11, v: 0.02 }, { y: 0.09, v: 0.015 }, { y: 0.105, v: 0.01 }, { y: 0.095, v: 0.03 }];
    for (const estimator of Object.values(Tau2Estimator)) {
      const pooled = poolRandomEffects(cells, { tau2_estimator: estimator });
      const re = pooled.random_effects!;
      expect(pooled.q!).toBeLessThan(4);
      expect([re.tau2, re.tau2_dl, re.tau2_reml, re.tau2_pm]).toEqual([0, 0, 0, 0]);
      expect(re.log_ratio).toBeCloseTo(pooled.fixed_effect!.log_ratio, 14);
      expect(re.hksj_q).toBeLessThan(1);
      const width = (e: { log_ci95_lo: number; log_ci95_hi: number }) => e.log_ci95_hi - e.log_ci95_lo;
      expect(width(re.hksj)).toBeLessThan(width(re.wald));
      expect(width(re.hksj_adhoc)).toBeCloseTo((width(re.wald) * t95(4)) / 1.959963984540054, 12);
      expect(Math.log(pooled.ci95_hi!) - Math.log(pooled.ci95_lo!)).toBeCloseTo(width(re.hksj_adhoc), 12);
      expect(pooled.i2).toBe(0);
      expect(pooled.h2).toBe(1);
    }
  });

  it('k = 1: the cell itself, its own Welch interval, flagged single_cell', () => {
    // The cell's own CI by the route speedups take (ratioOfMeans), not by this module.
    const own = ratioOfMeans({ mean: 200, sd: 4, n: 3 }, { mean: 100, sd: 1, n: 3 });
    const pooled = poolRandomEffects([{ y: Math.log(own.ratio), v: own.log_ratio_se! ** 2, df: own.df }]);
    expect(pooled).toMatchObject({ method: PoolMethod.single_cell, k: 1, q: null, tau2: null, pi95_lo: null, random_effects: null });
    expect(pooled.ratio).toBeCloseTo(2, 12);
    expect(pooled.ci95_lo).toBeCloseTo(own.ci95_lo!, 10);
    expect(pooled.ci95_hi).toBeCloseTo(own.ci95_hi!, 10);
  });

  it('k = 2: the fixed effect, flagged, with no between-cell spread', () => {
    // By hand: w = 100, 25; Σw = 125; μ = (10 + 7.5) / 125 = 0.14; se = 1/√125; Q = 100·0.04² + 25·0.16² = 0.8.
    const pooled = poolRandomEffects([{ y: 0.1, v: 0.01 }, { y: 0.3, v: 0.04 }]);
    expect(pooled).toMatchObject({ method: PoolMethod.fixed_effect, k: 2, q_df: 1, tau2: null, tau: null, i2: null, pi95_lo: null, pi95_hi: null });
    expect(pooled.log_ratio).toBeCloseTo(0.14, 14);
    expect(pooled.log_ratio_se).toBeCloseTo(1 / Math.sqrt(125), 14);
    expect(pooled.q).toBeCloseTo(0.8, 14);
    expect(Math.log(pooled.ci95_hi!)).toBeCloseTo(0.14 + 1.959963984540054 / Math.sqrt(125), 12);
    expect(pooled.random_effects).not.toBeNull();
    // With each cell's Welch df (4 and 4), Σw has W² / Σ(w²/df) = 125² / (10625 / 4) = 100/17 df.
    const withDf = poolRandomEffects([{ y: 0.1, v: 0.01, df: 4 }, { y: 0.3, v: 0.04, df: 4 }]);
    expect(withDf.fixed_effect!.df).toBeCloseTo(100 / 17, 12);
    expect(Math.log(withDf.ci95_hi!)).toBeCloseTo(0.14 + t95(100 / 17) / Math.sqrt(125), 10);
  });

  it('k = 2: Q says when the two cells disagree beyond their noise, which the fixed effect alone hides', () => {
    // For two cells Q = (y1 - y2)² / (v1 + v2); above 10.828 (χ²(1), upper 0.1 %, NIST table 1.3.6.7.4) p < 0.001.
    const [a, b] = [{ y: Math.log(2.83), v: 0.04 }, { y: Math.log(0.9), v: 0.04 }];
    const pooled = poolRandomEffects([a, b]);
    expect(pooled.q).toBeCloseTo((a.y - b.y) ** 2 / (a.v + b.v), 12);
    expect(pooled.q!).toBeGreaterThan(10.828);
    expect(pooled.q_p!).toBeLessThan(0.001);
    expect(pooled.method).toBe(PoolMethod.fixed_effect);
  });

  it('three agreeing cells of three repeats each pool to an interval narrower than any cell', () => {
    // Same ratio 1.2, se 0.05 and Welch df 3 (3 repeats a side): each cell's CI is ±t(3)·0.05 = ±0.159.
    const cell: PoolCell = { y: Math.log(1.2), v: 0.05 ** 2, df: 3 };
    const pooled = poolRandomEffects([cell, cell, cell]);
    expect(pooled.method).toBe(PoolMethod.random_effects);
    expect(pooled.tau2).toBe(0);
    const halfWidth = (Math.log(pooled.ci95_hi!) - Math.log(pooled.ci95_lo!)) / 2;
    expect(halfWidth).toBeCloseTo((t95(2) * 0.05) / Math.sqrt(3), 12);
    expect(halfWidth).toBeLessThan(t95(3) * 0.05);
  });

  it('three disagreeing cells widen the interval, and tau and the prediction interval say why', () => {
    const cells = [{ y: Math.log(2.83), v: 0.04 }, { y: Math.log(0.9), v: 0.04 }, { y: Math.log(1.5), v: 0.04 }];
    const pooled = poolRandomEffects(cells);
    expect(pooled.tau2!).toBeGreaterThan(0.1);
    expect(pooled.ci95_lo!).toBeLessThan(1);
    expect(pooled.pi95_lo!).toBeLessThan(pooled.ci95_lo!);
    expect(pooled.pi95_hi!).toBeGreaterThan(pooled.ci95_hi!);
  });

  it('refuses zero-variance and non-finite cells by reason, never weighting them', () => {
    const pooled = poolRandomEffects([{ y: 0.2, v: 0 }, { y: 0.1, v: 0.01 }, { y: Number.NaN, v: 0.01 }, { y: 0.3, v: 0.04 }, { y: 0.1, v: -1 }]);
    expect(pooled.refused).toEqual([
      { index: 0, reason: RefusedReason.zero_variance },
      { index: 2, reason: RefusedReason.invalid },
      { index: 4, reason: RefusedReason.invalid },
    ]);
    expect(pooled).toMatchObject({ method: PoolMethod.fixed_effect, k: 2 });
    expect(pooled.log_ratio).toBeCloseTo(0.14, 14);
    const none = poolRandomEffects([{ y: 0.2, v: 0 }]);
    expect(none).toMatchObject({ method: PoolMethod.no_cells, k: 0, ratio: null, ci95_lo: null, fixed_effect: null });
    expect(none.refused).toEqual([{ index: 0, reason: 'zero_variance' }]);
    expect(poolRandomEffects([])).toMatchObject({ method: PoolMethod.no_cells, k: 0, refused: [] });
  });
});
