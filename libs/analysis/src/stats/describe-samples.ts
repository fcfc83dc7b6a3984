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
  // Fields named rather than spread: a summary calls this several times per cell, and a fresh
  // process runs it unoptimized, where an object spread is a slow runtime call.
  const { n, mean, sd, cv, min, max } = sampleSpread(samples);
  if (sd === null || mean === null) return { n, mean, sd, cv, min, max, ci95_lo: null, ci95_hi: null };
  const moe = t95(n - 1) * (sd / Math.sqrt(n));
  return { n, mean, sd, cv, min, max, ci95_lo: mean - moe, ci95_hi: mean + moe };
}
