import { t95 } from './student-t.js';

/** One side of a ratio: the mean of its ok repeats, their sample sd (n-1), and how many. */
export interface MeanSide {
  mean: number;
  sd: number | null;
  n: number;
}

export interface RatioEstimate {
  /** candidate mean / baseline mean. */
  ratio: number;
  ci95_lo: number | null;
  ci95_hi: number | null;
  /** Standard error of ln(ratio) (delta method); 0 when both sides have zero spread; null without a CI. */
  log_ratio_se: number | null;
  /** Welch degrees of freedom behind the CI; null when log_ratio_se is 0 or null. */
  df: number | null;
  /** The CI excludes 1; null when there is no CI (fewer than 2 ok repeats on a side). */
  significant: boolean | null;
}

/**
 * candidate mean / baseline mean with a 95% CI from the delta method on the log ratio and Welch's
 * degrees of freedom: log r ± t(0.975, df) * sqrt(sd_c²/(n_c m_c²) + sd_b²/(n_b m_b²)).
 * Both means must be > 0.
 */
export function ratioOfMeans(c: MeanSide, b: MeanSide): RatioEstimate {
  const ratio = c.mean / b.mean;
  if (c.n < 2 || b.n < 2 || c.sd === null || b.sd === null) return { ratio, ci95_lo: null, ci95_hi: null, log_ratio_se: null, df: null, significant: null };
  const vc = c.sd ** 2 / (c.n * c.mean * c.mean);
  const vb = b.sd ** 2 / (b.n * b.mean * b.mean);
  const se = Math.sqrt(vc + vb);
  if (se === 0) return { ratio, ci95_lo: ratio, ci95_hi: ratio, log_ratio_se: 0, df: null, significant: ratio !== 1 };
  const df = (vc + vb) ** 2 / (vc ** 2 / (c.n - 1) + vb ** 2 / (b.n - 1));
  const moe = t95(df) * se;
  const lo = Math.exp(Math.log(ratio) - moe);
  const hi = Math.exp(Math.log(ratio) + moe);
  return { ratio, ci95_lo: lo, ci95_hi: hi, log_ratio_se: se, df, significant: lo > 1 || hi < 1 };
}
