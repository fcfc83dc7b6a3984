/** A sample's size, mean and spread (tinybench's words; sd is the n-1 sample standard deviation). */
export interface SampleSpread {
  n: number;
  mean: number | null;
  sd: number | null;
  /** sd / mean; null for fewer than 2 samples or a mean of 0. */
  cv: number | null;
  min: number | null;
  max: number | null;
}

/**
 * Mean and spread of a sample. With one sample there is no spread: sd and cv are null rather
 * than a made-up 0. The one definition for adaptive repeats (execute) and the summary (analysis).
 */
export function sampleSpread(samples: readonly number[]): SampleSpread {
  const n = samples.length;
  if (n === 0) return { n, mean: null, sd: null, cv: null, min: null, max: null };
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of samples) {
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mean = sum / n;
  if (n === 1) return { n, mean, sd: null, cv: null, min, max };
  let ss = 0;
  for (const v of samples) ss += (v - mean) ** 2;
  const sd = Math.sqrt(ss / (n - 1));
  return { n, mean, sd, cv: mean !== 0 ? sd / Math.abs(mean) : null, min, max };
}

/** Sample coefficient of variation (sd with n-1, over the mean), or null for fewer than 2 samples or a mean of 0. */
export const coefficientOfVariation = (samples: readonly number[]): number | null => sampleSpread(samples).cv;
