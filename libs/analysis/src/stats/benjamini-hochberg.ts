import { studentTCdf } from './student-t.js';
import { normalCdf } from './normal.js';

/** BH's answer for a family of tests, in the input's order. */
export interface FdrResult {
  /** The false discovery rate controlled (the q level). */
  alpha: number;
  /** Tests in the family: the p-values that are not null. */
  m: number;
  /** BH-adjusted p-values (q-values), min over j >= i of min(1, m p(j) / j); null where p is null. */
  q_values: (number | null)[];
  /** p <= threshold_p (equivalently q <= alpha); null where p is null. */
  rejected: (boolean | null)[];
  /** The largest p(i) with p(i) <= i alpha / m; null when nothing is rejected. */
  threshold_p: number | null;
}

/**
 * Benjamini-Hochberg step-up procedure (Benjamini & Hochberg 1995): controls the expected share
 * of false discoveries among the rejections at `alpha` for independent or positively dependent
 * tests. Null p-values are cells that are not tests (no CI) and count for nothing, not even m.
 */
export function benjaminiHochberg(pValues: readonly (number | null)[], alpha = 0.05): FdrResult {
  const order = testsInOrder('benjaminiHochberg', pValues, alpha);
  const m = order.length;
  const q_values: (number | null)[] = pValues.map(() => null);
  let running = 1;
  let threshold_p: number | null = null;
  for (let rank = m; rank >= 1; rank--) {
    const { p, index } = order[rank - 1]!;
    running = Math.min(running, (m * p) / rank);
    q_values[index] = running;
    if (threshold_p === null && p <= (rank * alpha) / m) threshold_p = p;
  }
  const rejected = pValues.map((p) => (p === null ? null : threshold_p !== null && p <= threshold_p));
  return { alpha, m, q_values, rejected, threshold_p };
}

/**
 * The tests of a family, smallest p first, each with its place in the input; nulls (cells that are
 * not tests) left out. Throws, naming `procedure`, on an alpha or a p-value out of range.
 */
export function testsInOrder(procedure: string, pValues: readonly (number | null)[], alpha: number): Array<{ p: number; index: number }> {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`${procedure}: alpha must be in (0, 1), got ${alpha}`);
  pValues.forEach((p, i) => {
    if (p !== null && !(p >= 0 && p <= 1)) throw new RangeError(`${procedure}: p-value ${i} is ${p}, not in [0, 1]`);
  });
  return pValues
    .map((p, index) => ({ p, index }))
    .filter((e): e is { p: number; index: number } => e.p !== null)
    .sort((a, b) => a.p - b.p);
}

/**
 * Two-sided p-value of H0: ratio = 1 for a cell, from its log ratio, the standard error of that
 * log ratio and the degrees of freedom behind it (Welch's, per cell): 2 P(T >= |y / se|), T a
 * Student t with `df` degrees of freedom, or a standard normal when df is null or infinite.
 * Null when se is 0 or not finite (no test: a zero-width interval is the timer's, not a certainty).
 */
export function twoSidedP(logRatio: number, se: number | null, df: number | null): number | null {
  if (se === null || !(se > 0) || !Number.isFinite(se) || !Number.isFinite(logRatio)) return null;
  if (df !== null && !(df > 0)) throw new RangeError(`twoSidedP: df must be > 0 or null, got ${df}`);
  const t = -Math.abs(logRatio / se);
  const tail = df === null || !Number.isFinite(df) ? normalCdf(t) : studentTCdf(t, df);
  return Math.min(1, 2 * tail);
}
