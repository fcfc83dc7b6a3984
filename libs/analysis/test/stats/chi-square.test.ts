import { describe, expect, it } from 'vitest';
import { chiSquareSf } from '@sharebench/analysis';

describe('analysis/stats/chi-square', () => {
  it('gives 0.05 at the tabulated upper 5 % critical values', () => {
    // NIST/SEMATECH e-Handbook, table 1.3.6.7.4 (to 3 decimals); df 1 and 2 also exactly: z(0.975)² and -2 ln 0.05.
    expect(chiSquareSf(1.959963984540054 ** 2, 1)).toBeCloseTo(0.05, 14);
    expect(chiSquareSf(-2 * Math.log(0.05), 2)).toBeCloseTo(0.05, 14);
    for (const [x, df] of [[7.815, 3], [9.488, 4], [11.07, 5], [18.307, 10], [21.026, 12], [31.41, 20]] as const) {
      expect(chiSquareSf(x, df), `df ${df}`).toBeCloseTo(0.05, 4);
    }
  });

  it('is 1 at and below 0 and says what is wrong with its arguments', () => {
    expect(chiSquareSf(0, 3)).toBe(1);
    expect(() => chiSquareSf(1, 2.5)).toThrow('df must be a whole number >= 1, got 2.5');
    expect(() => chiSquareSf(Number.NaN, 2)).toThrow('x is NaN');
  });
});
