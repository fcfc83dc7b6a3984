import { t95 } from './student-t.js';

/** A ratio summarised over k cells: their geometric mean and its 95% CI. */
export interface GeometricMeanRatio {
  /** Cells with a ratio (k). */
  cells: number;
  /** exp(mean of ln ratio); null when k = 0. */
  ratio: number | null;
  /** exp(mean ± t(0.975, k-1) * sd / sqrt(k)) of the ln ratios; null when k < 2. */
  ci95_lo: number | null;
  ci95_hi: number | null;
}

/**
 * The geometric mean of ratios with a Student-t 95% CI on the log scale: the cells are treated as
 * a sample of workloads, so the interval is as wide as the ratios disagree from cell to cell
 * (their spread across workloads, which includes each cell's own measurement noise). Ratios must
 * be > 0.
 */
export function geometricMeanRatio(ratios: readonly number[]): GeometricMeanRatio {
  const k = ratios.length;
  if (k === 0) return { cells: 0, ratio: null, ci95_lo: null, ci95_hi: null };
  const logs = ratios.map((r) => Math.log(r));
  const mean = logs.reduce((a, b) => a + b, 0) / k;
  if (k === 1) return { cells: 1, ratio: ratios[0]!, ci95_lo: null, ci95_hi: null };
  const sd = Math.sqrt(logs.reduce((a, l) => a + (l - mean) ** 2, 0) / (k - 1));
  const moe = t95(k - 1) * (sd / Math.sqrt(k));
  return { cells: k, ratio: Math.exp(mean), ci95_lo: Math.exp(mean - moe), ci95_hi: Math.exp(mean + moe) };
}
