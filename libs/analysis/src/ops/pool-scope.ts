import type { SpeedupRow } from '../schema.js';
import { poolRandomEffects, PoolMethod, type PooledEffect, type Tau2Estimator } from '../stats/random-effects.js';
import { t95 } from '../stats/student-t.js';
import { Z95 } from '../stats/normal.js';

/** What pooling a scope's cells (all of a comparison's, or one workload's) gives, as findings show it. */
export interface PooledScope {
  /** The estimate that stands: one cell, the fixed effect of two, random effects of three or more; no_cells when no cell has a standard error. */
  method: PoolMethod;
  /** Cells pooled: those with a ratio and a standard error > 0. */
  k: number;
  /** The standing ratio and its 95% CI; the CI is null when the two cells of a fixed effect disagree (`disagree`), or k = 0. */
  ratio: number | null;
  ci95_lo: number | null;
  ci95_hi: number | null;
  /** Cochran's Q p-value (k >= 2): small when the cells disagree beyond their own noise. */
  q_p: number | null;
  /** Between-cell variance of the log ratios and its root (REML); k >= 3. */
  tau2: number | null;
  tau: number | null;
  /** 95% prediction interval of a new cell's ratio (k >= PI_MIN_CELLS). */
  pi95_lo: number | null;
  pi95_hi: number | null;
  /**
   * The cells disagree (Q's p < 0.05) so that no pooled CI stands: two cells, or three or four whose
   * random-effects CI would be wider than every cell's own. Findings show the cells instead.
   */
  disagree: boolean;
  /**
   * k >= 3, the CI excludes 1, and the prediction interval does not (k >= 5) or Q says the cells
   * disagree (k = 3, 4): faster (or slower) on average; individual workloads vary.
   */
  varies: boolean;
  /**
   * k >= 3 and the cells' spread estimated at 0: the random-effects model is the fixed effect, and
   * the fixed effect's CI stands (t with the cells' Satterthwaite df), not HKSJ's t(k - 1), which
   * with few cells would make the pool wider than any of its cells for no other reason than k.
   */
  tau_zero: boolean;
  /** Degrees of freedom of the standing CI's quantile (null: normal); with the standard error, what more data would change. */
  ci_df: number | null;
  log_ratio_se: number | null;
}

export interface PoolScopeOptions {
  tau2_estimator?: Tau2Estimator;
}

/** A cell that can be pooled: a ratio, and a standard error of its log > 0. */
export const isPoolable = (r: SpeedupRow): boolean => hasRatio(r) && r.log_ratio_se !== null && r.log_ratio_se > 0;

/** A cell with a ratio (both sides measured, both means > 0). */
export const hasRatio = (r: SpeedupRow): boolean => r.status === 'ok' && r.ratio !== null && r.ratio > 0;

/**
 * Pools the cells of a scope the way a meta-analysis pools studies (poolRandomEffects): each cell
 * contributes ln ratio with the variance of its delta-method standard error and its Welch df.
 * Cells without a standard error (one repeat, or zero spread: the timer's) are not pooled; when no
 * cell has one, the ratio is the plain geometric mean of the ratios, without a CI.
 */
export function poolScope(rows: readonly SpeedupRow[], options: PoolScopeOptions = {}): PooledScope {
  const poolable = rows.filter(isPoolable);
  const fit = poolRandomEffects(
    poolable.map((r) => ({ y: Math.log(r.ratio!), v: r.log_ratio_se! ** 2, df: r.ratio_df })),
    { tau2_estimator: options.tau2_estimator },
  );
  return standing(fit, rows);
}

function standing(fit: PooledEffect, rows: readonly SpeedupRow[]): PooledScope {
  const none = { q_p: null, tau2: null, tau: null, pi95_lo: null, pi95_hi: null, disagree: false, varies: false, tau_zero: false };
  if (fit.method === PoolMethod.no_cells) {
    const measured = rows.filter(hasRatio);
    const ratio = measured.length === 0 ? null : Math.exp(measured.reduce((a, r) => a + Math.log(r.ratio!), 0) / measured.length);
    return { method: fit.method, k: 0, ratio, ci95_lo: null, ci95_hi: null, ci_df: null, log_ratio_se: null, ...none };
  }
  const base = {
    method: fit.method,
    k: fit.k,
    ratio: fit.ratio,
    ci95_lo: fit.ci95_lo,
    ci95_hi: fit.ci95_hi,
    ci_df: fit.ci_df,
    log_ratio_se: fit.log_ratio_se,
  };
  if (fit.method === PoolMethod.single_cell) return { ...base, ...none };
  const noCi = { ci95_lo: null, ci95_hi: null };
  if (fit.method === PoolMethod.fixed_effect) {
    const disagree = fit.q_p !== null && fit.q_p < DISAGREE_P;
    return { ...base, ...(disagree ? noCi : {}), ...none, q_p: fit.q_p, disagree };
  }
  const tauZero = fit.tau2 === 0 && fit.fixed_effect !== null;
  const ci = tauZero
    ? {
        ci95_lo: Math.exp(fit.fixed_effect!.log_ci95_lo),
        ci95_hi: Math.exp(fit.fixed_effect!.log_ci95_hi),
        ci_df: fit.fixed_effect!.df,
        log_ratio_se: fit.fixed_effect!.log_ratio_se,
      }
    : {};
  const out = { ...base, ...ci };
  const pi = fit.k >= PI_MIN_CELLS ? { pi95_lo: fit.pi95_lo, pi95_hi: fit.pi95_hi } : { pi95_lo: null, pi95_hi: null };
  const heterogeneous = fit.q_p !== null && fit.q_p < DISAGREE_P;
  const spread = { q_p: fit.q_p, tau2: fit.tau2, tau: fit.tau, ...pi, tau_zero: tauZero };
  // Three or four cells that disagree: HKSJ's t(2) or t(3) over their spread can give an interval
  // wider than every cell's own (0.0001-0.4 around cells that are each surely slower), which says
  // less than the cells do. They are shown instead, as two cells that disagree are.
  const widest = Math.max(...rows.filter(isPoolable).map((r) => logWidth(r.ratio_ci95_lo, r.ratio_ci95_hi)));
  if (fit.k < PI_MIN_CELLS && heterogeneous && logWidth(out.ci95_lo, out.ci95_hi) > widest) {
    return { ...out, ...noCi, ...spread, disagree: true, varies: false };
  }
  const excludesOne = out.ci95_lo! > 1 || out.ci95_hi! < 1;
  const varies = excludesOne && (pi.pi95_lo !== null ? pi.pi95_lo <= 1 && pi.pi95_hi! >= 1 : heterogeneous);
  return { ...out, ...spread, disagree: false, varies };
}

/** Cochran's Q p-value under which cells disagree beyond their own noise. */
const DISAGREE_P = 0.05;

const logWidth = (lo: number | null, hi: number | null): number => (lo === null || hi === null ? Infinity : Math.log(hi) - Math.log(lo));

/**
 * Fewest cells for a prediction interval to be shown: with k cells it takes t(k - 2), 12.7 for 3
 * cells and 4.3 for 4, which says only that a new cell could be almost anything; tau and Q say
 * how far cells spread. Below this, `varies` rests on Q.
 */
export const PI_MIN_CELLS = 5;


/** How much more data would tell a ratio from 1: repeats per cell, or null when more repeats would not (the cells' spread dominates). */
export interface MoreData {
  /** Repeats per side each cell would need for the CI to exclude 1 if the ratio stayed as observed; null: more repeats would not tell it. */
  repeats_per_cell: number | null;
  /** Repeats per side the cells have now (the median). */
  repeats_now: number;
  /**
   * Why no number of repeats is given: `spread` (the cells disagree: more repeats would not tell
   * it, more cells would), `too_many` (over 100 times the repeats), `no_effect` (the ratio is 1).
   */
  limit: 'spread' | 'too_many' | 'no_effect' | null;
}

// Past this many times the repeats, "more data" is no practical answer: say so rather than a number.
const MAX_FACTOR = 100;

/**
 * For a scope whose CI includes 1: how many repeats per cell would make a CI exclude 1 if the
 * ratio stayed as observed. The within-cell variances shrink as 1/repeats; the between-cell
 * spread tau² does not, so when it alone keeps the interval over 1, more repeats would not tell
 * it (more cells, i.e. workloads, would). The standing CI's quantile is kept: an upper estimate.
 */
export function moreData(rows: readonly SpeedupRow[], p: PooledScope): MoreData {
  const poolable = rows.filter(isPoolable);
  const now = median(poolable.flatMap((r) => [r.candidate_n, r.baseline_n]));
  const y = p.ratio === null ? 0 : Math.abs(Math.log(p.ratio));
  if (p.k === 0 || p.log_ratio_se === null) return { repeats_per_cell: null, repeats_now: now, limit: null };
  if (y === 0) return { repeats_per_cell: null, repeats_now: now, limit: 'no_effect' };
  const crit = p.ci_df === null ? Z95 : t95(p.ci_df);
  const v = poolable.map((r) => r.log_ratio_se! ** 2);
  const tau2 = p.method === PoolMethod.random_effects && !p.tau_zero ? (p.tau2 ?? 0) : 0;
  // The standing se² over the model's own at this data, so a scale (HKSJ's q) carries over to more repeats.
  const model = (m: number) => 1 / v.reduce((a, vi) => a + 1 / (vi / m + tau2), 0);
  const scale = p.log_ratio_se ** 2 / model(1);
  const se = (m: number) => Math.sqrt(scale * model(m));
  if (crit * se(MAX_FACTOR) >= y) {
    const spreadAlone = tau2 > 0 && crit * Math.sqrt((scale * tau2) / v.length) >= y;
    return { repeats_per_cell: null, repeats_now: now, limit: spreadAlone ? 'spread' : 'too_many' };
  }
  let lo = 1;
  let hi = MAX_FACTOR;
  while (hi - lo > 0.01) {
    const mid = (lo + hi) / 2;
    if (crit * se(mid) < y) hi = mid;
    else lo = mid;
  }
  return { repeats_per_cell: Math.ceil(now * hi), repeats_now: now, limit: null };
}

function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : Math.round((s[mid - 1]! + s[mid]!) / 2);
}
