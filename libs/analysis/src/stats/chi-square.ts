import { normalCdf } from './normal.js';

/**
 * P(X >= x) for a chi-square X with a whole number of degrees of freedom (Cochran's Q has k - 1).
 * Closed forms (Abramowitz & Stegun 26.4.4, 26.4.5): for df = 2m, e^{-x/2} Σ_{j<m} (x/2)^j / j!;
 * for df = 2m + 1, 2(1 - Φ(√x)) + 2φ(√x) Σ_{j=1..m} x^{j-1/2} / (1·3·…·(2j-1)). Every term is
 * positive, so nothing cancels.
 */
export function chiSquareSf(x: number, df: number): number {
  if (!(Number.isInteger(df) && df >= 1)) throw new RangeError(`chiSquareSf: df must be a whole number >= 1, got ${df}`);
  if (Number.isNaN(x)) throw new RangeError('chiSquareSf: x is NaN');
  if (x <= 0) return 1;
  if (df % 2 === 0) {
    let term = Math.exp(-x / 2);
    let total = term;
    for (let j = 1; j < df / 2; j++) {
      term *= x / 2 / j;
      total += term;
    }
    return Math.min(1, total);
  }
  const root = Math.sqrt(x);
  let term = (2 * Math.exp(-x / 2) * root) / Math.sqrt(2 * Math.PI);
  let total = 0;
  for (let j = 1; j <= (df - 1) / 2; j++) {
    total += term;
    term *= x / (2 * j + 1);
  }
  return Math.min(1, 2 * normalCdf(-root) + total);
}
