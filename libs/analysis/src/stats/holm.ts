import { testsInOrder } from './benjamini-hochberg.js';

/** Holm's answer for a family of tests, in the input's order. */
export interface FwerResult {
  /** The familywise error rate controlled. */
  alpha: number;
  /** Tests in the family: the p-values that are not null. */
  m: number;
  /** Holm-adjusted p-values, max over j <= i of min(1, (m - j + 1) p(j)); null where p is null. */
  adjusted: (number | null)[];
  /** adjusted <= alpha; null where p is null. */
  rejected: (boolean | null)[];
}

/**
 * Holm's step-down procedure (Holm 1979, Scand J Statist 6:65-70): the sorted p(1) <= ... <= p(m)
 * are rejected while p(i) <= alpha / (m - i + 1), and none after the first that is not. It
 * controls the chance of any false rejection in the family at `alpha` whatever the tests'
 * dependence, and rejects everything Bonferroni does. Null p-values are not tests and do not
 * count in m.
 */
export function holm(pValues: readonly (number | null)[], alpha = 0.05): FwerResult {
  const order = testsInOrder('holm', pValues, alpha);
  const m = order.length;
  const adjusted: (number | null)[] = pValues.map(() => null);
  let running = 0;
  order.forEach(({ p, index }, i) => {
    running = Math.max(running, Math.min(1, (m - i) * p));
    adjusted[index] = running;
  });
  const rejected = adjusted.map((q) => (q === null ? null : q <= alpha));
  return { alpha, m, adjusted, rejected };
}
