import { t95 } from './student-t.js';

/** tinybench's vocabulary for a sample: mean, sd, ... (sd is the n-1 sample standard deviation). */
export interface SampleStats {
  n: number;
  mean: number | null;
  sd: number | null;
  cv: number | null;
  min: number | null;
  max: number | null;
  ci95_lo: number | null;
  ci95_hi: number | null;
}

/**
 * Mean, spread and a Student-t 95% confidence interval of the mean. With one sample there is no
 * spread: sd, cv and the interval are null rather than a made-up 0.
 */
export function describeSamples(samples: readonly number[]): SampleStats {
  const n = samples.length;
  if (n === 0) return { n, mean: null, sd: null, cv: null, min: null, max: null, ci95_lo: null, ci95_hi: null };
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of samples) {
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mean = sum / n;
  if (n === 1) return { n, mean, sd: null, cv: null, min, max, ci95_lo: null, ci95_hi: null };
  let ss = 0;
  for (const v of samples) ss += (v - mean) ** 2;
  const sd = Math.sqrt(ss / (n - 1));
  const moe = t95(n - 1) * (sd / Math.sqrt(n));
  return { n, mean, sd, cv: mean !== 0 ? sd / mean : null, min, max, ci95_lo: mean - moe, ci95_hi: mean + moe };
}
