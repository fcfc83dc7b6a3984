import { chiSquareSf } from './chi-square.js';
import { t95 } from './student-t.js';
import { Z95 } from './normal.js';

/** One cell to pool: its log ratio, the variance of that log ratio (se²), and optionally the df behind se. */
export interface PoolCell {
  /** ln(candidate / baseline). */
  y: number;
  /** Variance of y (its standard error squared), > 0. */
  v: number;
  /** Degrees of freedom of v (Welch, per cell); null or absent when unknown (normal quantiles). */
  df?: number | null;
}

/** Which estimate stands for the pooled cells. */
export const PoolMethod = {
  /** k = 1: the one cell, its own CI. */
  single_cell: 'single_cell',
  /** k = 2: inverse-variance fixed effect; two cells cannot give a between-cell spread. */
  fixed_effect: 'fixed_effect',
  /** k >= 3: random effects, tau² by the chosen estimator, HKSJ CI (ad hoc: never narrower than Wald). */
  random_effects: 'random_effects',
  /** Nothing left to pool (no cells, or every cell refused). */
  no_cells: 'no_cells',
} as const;
export type PoolMethod = (typeof PoolMethod)[keyof typeof PoolMethod];

/** Estimators of the between-cell variance tau². */
export const Tau2Estimator = {
  /** Restricted maximum likelihood (Fisher scoring), the default. */
  reml: 'reml',
  /** DerSimonian-Laird, method of moments (one step). */
  dl: 'dl',
  /** Paule-Mandel: generalised Q equal to its expectation k - 1. */
  pm: 'pm',
} as const;
export type Tau2Estimator = (typeof Tau2Estimator)[keyof typeof Tau2Estimator];
export const isTau2Estimator = (s: string): s is Tau2Estimator => Object.hasOwn(Tau2Estimator, s);

/** Why a cell was left out of the pooling. */
export const RefusedReason = {
  /**
   * v = 0: an interval of zero width, in practice a timer's quantization (every repeat the same
   * whole millisecond), not a perfectly known ratio. Its inverse-variance weight would be infinite
   * and the pool would be that cell alone, so the cell is refused, not floored: a floor would be a
   * number made up here.
   */
  zero_variance: 'zero_variance',
  /** y or v is not a finite number, or v < 0. */
  invalid: 'invalid',
} as const;
export type RefusedReason = (typeof RefusedReason)[keyof typeof RefusedReason];

export interface RefusedCell {
  /** Index of the cell in the input. */
  index: number;
  reason: RefusedReason;
}

/** An estimate on the log scale with its 95% CI. */
export interface LogEstimate {
  log_ratio: number;
  log_ratio_se: number;
  log_ci95_lo: number;
  log_ci95_hi: number;
  /** Degrees of freedom of the CI's quantile; null: normal. */
  df: number | null;
}

export interface RandomEffectsFit {
  tau2_estimator: Tau2Estimator;
  /** Between-cell variance of the log ratios (log scale, squared); >= 0. */
  tau2: number;
  tau: number;
  /** The iterative estimators' convergence (DL: always true, 0 iterations). */
  converged: boolean;
  iterations: number;
  /** tau² by each estimator, for comparison (all truncated at 0). */
  tau2_reml: number;
  tau2_dl: number;
  tau2_pm: number;
  /** Weighted mean with weights 1/(v + tau²), and its standard error sqrt(1 / Σw). */
  log_ratio: number;
  log_ratio_se: number;
  /** Wald: log_ratio ± z(0.975) · se. */
  wald: LogEstimate;
  /** Hartung-Knapp-Sidik-Jonkman: se² = Σw(y - μ)² / ((k - 1) Σw), t with k - 1 df. */
  hksj: LogEstimate;
  /** HKSJ with the ad hoc correction (Knapp & Hartung 2003; Röver, Knapp & Friede 2015): se² scaled by max(1, q). */
  hksj_adhoc: LogEstimate;
  /** The HKSJ scale factor q = Σw(y - μ)² / (k - 1). */
  hksj_q: number;
  /** I² = tau² / (tau² + s²) and H² = (tau² + s²) / s², s² the typical within-cell variance (Higgins & Thompson 2002). */
  i2: number;
  h2: number;
  /** Higgins-Thompson-Spiegelhalter 95% prediction interval for a new cell's log ratio: t(k - 2), sqrt(tau² + se²); null when k < 3. */
  log_pi95_lo: number | null;
  log_pi95_hi: number | null;
}

/** What pooling k cells gives: the estimate that stands (`method`) and the pieces behind it. */
export interface PooledEffect {
  method: PoolMethod;
  /** Cells pooled (refused ones not counted). */
  k: number;
  refused: RefusedCell[];
  /** The standing estimate: the cell (k = 1), the fixed effect (k = 2) or the random-effects mean (k >= 3). */
  log_ratio: number | null;
  /** Its standard error: the cell's, the fixed effect's, or (k >= 3) the ad hoc HKSJ one. */
  log_ratio_se: number | null;
  /** exp(log_ratio). */
  ratio: number | null;
  /** Its 95% CI on the ratio scale: the cell's own, the fixed effect's, or HKSJ with the ad hoc correction. */
  ci95_lo: number | null;
  ci95_hi: number | null;
  /** Degrees of freedom of that CI's quantile (null: normal); with log_ratio_se, the pooled p-value's (twoSidedP). */
  ci_df: number | null;
  /** Cochran's Q about the fixed effect, its df (k - 1) and P(χ²(k - 1) >= Q); null when k < 2. */
  q: number | null;
  q_df: number | null;
  q_p: number | null;
  /** Between-cell spread, I², H² and the 95% prediction interval (ratio scale) of a new cell; null when k < 3. */
  tau2: number | null;
  tau: number | null;
  i2: number | null;
  h2: number | null;
  pi95_lo: number | null;
  pi95_hi: number | null;
  /** Inverse-variance fixed effect (k = 1: the cell itself); null when k = 0. */
  fixed_effect: LogEstimate | null;
  /** The random-effects fit, computed whenever k >= 2 (k = 2 for diagnostics only: it does not stand); null otherwise. */
  random_effects: RandomEffectsFit | null;
}

export interface PoolOptions {
  /** tau² estimator of the random-effects fit; default REML. */
  tau2_estimator?: Tau2Estimator;
}

// Iterations stop when a step moves tau² by less than this fraction of the larger of tau² and the
// cells' typical variance: 1e-10 of the scale the data live on, whatever their units.
const TAU2_TOLERANCE = 1e-10;
const MAX_ITERATIONS = 1000;

/**
 * Pools per-cell log ratios the way a meta-analysis pools studies.
 *
 * - Fixed effect: inverse-variance weights 1/v; CI normal, or t when every cell has a df, with the
 *   Satterthwaite df of Σ 1/v, W² / Σ(w²/df) (which for one cell is that cell's df).
 * - Random effects (k >= 2): tau² by REML (default; Fisher scoring), DL or PM,
 *   each truncated at 0; weights 1/(v + tau²); CIs Wald, HKSJ and HKSJ ad hoc; HTS prediction
 *   interval when k >= 3.
 * - What stands: k = 1 the cell, k = 2 the fixed effect (labelled: two cells give no spread),
 *   k >= 3 the random-effects mean with the ad hoc HKSJ CI. Plain HKSJ is narrower than the Wald
 *   interval whenever the cells agree better than their own standard errors say (q < 1), which
 *   with few cells is luck, not information; the ad hoc form keeps HKSJ's t(k - 1) honesty about
 *   a scale estimated from k cells and is never narrower than the Wald interval (nor, therefore,
 *   than the fixed effect's normal one).
 *
 * Cells with v = 0 or non-finite numbers are refused and listed (`refused`), never weighted.
 */
export function poolRandomEffects(cells: readonly PoolCell[], opts: PoolOptions = {}): PooledEffect {
  const refused: RefusedCell[] = [];
  const kept: PoolCell[] = [];
  cells.forEach((c, index) => {
    if (!Number.isFinite(c.y) || !Number.isFinite(c.v) || c.v < 0) refused.push({ index, reason: RefusedReason.invalid });
    else if (c.v === 0) refused.push({ index, reason: RefusedReason.zero_variance });
    else kept.push(c);
  });
  const k = kept.length;
  // What k cells cannot give, null: the estimate (k = 0), Q (k < 2), the spread and prediction (k < 3).
  const noEstimate = { log_ratio: null, log_ratio_se: null, ratio: null, ci95_lo: null, ci95_hi: null, ci_df: null };
  const noQ = { q: null, q_df: null, q_p: null };
  const noSpread = { tau2: null, tau: null, i2: null, h2: null, pi95_lo: null, pi95_hi: null };
  if (k === 0) return { method: PoolMethod.no_cells, k, refused, ...noEstimate, ...noQ, ...noSpread, fixed_effect: null, random_effects: null };
  const y = kept.map((c) => c.y);
  const v = kept.map((c) => c.v);
  const fe = fixedEffect(y, v, kept.map((c) => c.df ?? null));
  if (k === 1) return { method: PoolMethod.single_cell, k, refused, ...standing(fe), ...noQ, ...noSpread, fixed_effect: fe, random_effects: null };
  const qValue = weightedSquares(y, v.map((vi) => 1 / vi), fe.log_ratio);
  const q = { q: qValue, q_df: k - 1, q_p: chiSquareSf(qValue, k - 1) };
  const re = randomEffects(y, v, opts.tau2_estimator ?? Tau2Estimator.reml);
  if (k === 2) return { method: PoolMethod.fixed_effect, k, refused, ...standing(fe), ...q, ...noSpread, fixed_effect: fe, random_effects: re };
  const spread = { tau2: re.tau2, tau: re.tau, i2: re.i2, h2: re.h2, pi95_lo: Math.exp(re.log_pi95_lo!), pi95_hi: Math.exp(re.log_pi95_hi!) };
  return { method: PoolMethod.random_effects, k, refused, ...standing(re.hksj_adhoc), ...q, ...spread, fixed_effect: fe, random_effects: re };
}

function standing(e: LogEstimate) {
  return {
    log_ratio: e.log_ratio,
    log_ratio_se: e.log_ratio_se,
    ratio: Math.exp(e.log_ratio),
    ci95_lo: Math.exp(e.log_ci95_lo),
    ci95_hi: Math.exp(e.log_ci95_hi),
    ci_df: e.df,
  };
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

function weightedMean(y: readonly number[], w: readonly number[]): number {
  return sum(y.map((yi, i) => w[i]! * yi)) / sum(w);
}

function weightedSquares(y: readonly number[], w: readonly number[], mu: number): number {
  return sum(y.map((yi, i) => w[i]! * (yi - mu) ** 2));
}

function interval(mu: number, se: number, df: number | null): LogEstimate {
  const crit = df === null || !Number.isFinite(df) ? Z95 : t95(df);
  return { log_ratio: mu, log_ratio_se: se, log_ci95_lo: mu - crit * se, log_ci95_hi: mu + crit * se, df: df === null || !Number.isFinite(df) ? null : df };
}

function fixedEffect(y: readonly number[], v: readonly number[], dfs: readonly (number | null)[]): LogEstimate {
  const w = v.map((vi) => 1 / vi);
  const total = sum(w);
  const mu = weightedMean(y, w);
  // Var(Σw) ≈ Σ w⁴ Var(v) = Σ 2w²/df, so Σw has about W² / Σ(w²/df) degrees of freedom.
  const allDf = dfs.every((d) => d !== null && d > 0 && Number.isFinite(d));
  const df = allDf ? total ** 2 / sum(w.map((wi, i) => wi ** 2 / dfs[i]!)) : null;
  return interval(mu, Math.sqrt(1 / total), df);
}

/** The random-effects weights 1/(v + tau²) (tau² = 0: the fixed effect's). */
function weightsAt(v: readonly number[], tau2: number): number[] {
  return v.map((vi) => 1 / (vi + tau2));
}

function tau2DerSimonianLaird(y: readonly number[], v: readonly number[]): number {
  const w = weightsAt(v, 0);
  const total = sum(w);
  const q = weightedSquares(y, w, weightedMean(y, w));
  const c = total - sum(w.map((wi) => wi * wi)) / total;
  return Math.max(0, (q - (y.length - 1)) / c);
}

/** Typical within-cell variance s² = (k - 1) Σw / ((Σw)² - Σw²), w = 1/v (Higgins & Thompson 2002). */
function typicalVariance(v: readonly number[]): number {
  const w = weightsAt(v, 0);
  const total = sum(w);
  return ((v.length - 1) * total) / (total ** 2 - sum(w.map((wi) => wi * wi)));
}

interface Iterated {
  tau2: number;
  converged: boolean;
  iterations: number;
}

/**
 * The root in tau² >= 0 of an estimating equation f that is positive at 0 (else the answer is 0)
 * and negative for large tau². Each step is the estimator's own (Newton for PM, Fisher scoring for
 * REML), kept inside a bracket that shrinks with every evaluation, so a step that overshoots
 * becomes a bisection instead of a wrong answer or a cycle.
 */
function solveTau2(equation: (tau2: number) => { f: number; step: number }, scale: number): Iterated {
  if (equation(0).f <= 0) return { tau2: 0, converged: true, iterations: 0 };
  let lo = 0;
  let hi = Math.max(scale, Number.MIN_VALUE);
  while (equation(hi).f > 0) {
    lo = hi;
    hi *= 2;
  }
  let tau2 = lo;
  for (let i = 1; i <= MAX_ITERATIONS; i++) {
    const { f, step } = equation(tau2);
    if (f > 0) lo = tau2;
    else hi = tau2;
    let next = tau2 + step;
    if (!(next >= lo && next <= hi)) next = (lo + hi) / 2;
    if (Math.abs(next - tau2) <= TAU2_TOLERANCE * Math.max(next, scale)) return { tau2: next, converged: true, iterations: i };
    tau2 = next;
  }
  return { tau2, converged: false, iterations: MAX_ITERATIONS };
}

/**
 * Paule-Mandel: the tau² at which the generalised Q, Σ w(y - μ)², equals k - 1. Its derivative in
 * tau² is -Σ w²(y - μ)² (μ's own change drops out), which gives the Newton step.
 */
function tau2PauleMandel(y: readonly number[], v: readonly number[], scale: number): Iterated {
  return solveTau2((tau2) => {
    const w = weightsAt(v, tau2);
    const mu = weightedMean(y, w);
    const f = weightedSquares(y, w, mu) - (y.length - 1);
    return { f, step: f / sum(y.map((yi, i) => (w[i]! * (yi - mu)) ** 2)) };
  }, scale);
}

/**
 * REML (Viechtbauer 2005): with P = W - W11'W/Σw, twice the score is y'PPy - tr P and twice the
 * expected information tr(PP), so Fisher scoring steps by (y'PPy - tr P) / tr(PP).
 */
function tau2Reml(y: readonly number[], v: readonly number[], scale: number): Iterated {
  return solveTau2((tau2) => {
    const w = weightsAt(v, tau2);
    const [s1, s2, s3] = [sum(w), sum(w.map((wi) => wi ** 2)), sum(w.map((wi) => wi ** 3))];
    const mu = weightedMean(y, w);
    const f = sum(y.map((yi, j) => (w[j]! * (yi - mu)) ** 2)) - (s1 - s2 / s1);
    return { f, step: f / (s2 - (2 * s3) / s1 + (s2 / s1) ** 2) };
  }, scale);
}

function randomEffects(y: readonly number[], v: readonly number[], estimator: Tau2Estimator): RandomEffectsFit {
  const k = y.length;
  const s2 = typicalVariance(v);
  const dl = tau2DerSimonianLaird(y, v);
  const reml = tau2Reml(y, v, s2);
  const pm = tau2PauleMandel(y, v, s2);
  const chosen: Iterated =
    estimator === Tau2Estimator.reml ? reml : estimator === Tau2Estimator.pm ? pm : { tau2: dl, converged: true, iterations: 0 };
  const tau2 = chosen.tau2;
  const w = weightsAt(v, tau2);
  const total = sum(w);
  const mu = weightedMean(y, w);
  const se = Math.sqrt(1 / total);
  const hksjQ = weightedSquares(y, w, mu) / (k - 1);
  const predictionSe = Math.sqrt(tau2 + se * se);
  const pi = k >= 3 ? t95(k - 2) * predictionSe : null;
  return {
    tau2_estimator: estimator,
    tau2,
    tau: Math.sqrt(tau2),
    converged: chosen.converged,
    iterations: chosen.iterations,
    tau2_reml: reml.tau2,
    tau2_dl: dl,
    tau2_pm: pm.tau2,
    log_ratio: mu,
    log_ratio_se: se,
    wald: interval(mu, se, null),
    hksj: interval(mu, Math.sqrt(hksjQ / total), k - 1),
    hksj_adhoc: interval(mu, Math.sqrt(Math.max(1, hksjQ) / total), k - 1),
    hksj_q: hksjQ,
    i2: tau2 / (tau2 + s2),
    h2: (tau2 + s2) / s2,
    log_pi95_lo: pi === null ? null : mu - pi,
    log_pi95_hi: pi === null ? null : mu + pi,
  };
}
