import { sampleSpread, type SampleSpread } from '@sharebench/core';
import { t95 } from './student-t.js';

/** tinybench's vocabulary for a sample: mean, sd, ... and the 95% CI of the mean. */
export interface SampleStats extends SampleSpread {
  ci95_lo: number | null;
  ci95_hi: number | null;
}

/**
 * Mean, spread and a Student-t 95% confidence interval of the mean. With one sample there is no
 * spread: sd, cv and the interval are null rather than a made-up 0.
 */
export function describeSamples(samples: readonly number[]): SampleStats {
  const spread = sampleSpread(samples);
  if (spread.sd === null || spread.mean === null) return { ...spread, ci95_lo: null, ci95_hi: null };
  const moe = t95(spread.n - 1) * (spread.sd / Math.sqrt(spread.n));
  return { ...spread, ci95_lo: spread.mean - moe, ci95_hi: spread.mean + moe };
}
