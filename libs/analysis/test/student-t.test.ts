import { describe, expect, it } from 'vitest';
import { studentTCdf, studentTQuantile, t95, describeSamples } from '@sharebench/analysis';

describe('analysis/ops/student-t', () => {
  it('matches published two-sided 95% critical values', () => {
    // Standard t tables (e.g. NIST/SEMATECH e-Handbook, table 1.3.6.7.2).
    expect(t95(1)).toBeCloseTo(12.706, 3);
    expect(t95(2)).toBeCloseTo(4.303, 3);
    expect(t95(4)).toBeCloseTo(2.776, 3);
    expect(t95(10)).toBeCloseTo(2.228, 3);
    expect(t95(30)).toBeCloseTo(2.042, 3);
    expect(t95(1e6)).toBeCloseTo(1.96, 2);
  });
  it('is a proper distribution function', () => {
    expect(studentTCdf(0, 5)).toBeCloseTo(0.5, 12);
    expect(studentTCdf(-2, 3) + studentTCdf(2, 3)).toBeCloseTo(1, 12);
    expect(studentTCdf(studentTQuantile(0.9, 7), 7)).toBeCloseTo(0.9, 9);
    expect(() => studentTQuantile(1, 3)).toThrow(RangeError);
  });
});

describe('analysis/ops/describe-samples', () => {
  it('gives mean, n-1 sd, cv and a t interval', () => {
    const s = describeSamples([10, 12, 14]);
    expect(s.mean).toBe(12);
    expect(s.sd).toBeCloseTo(2, 12);
    expect(s.cv).toBeCloseTo(2 / 12, 12);
    expect(s.min).toBe(10);
    expect(s.max).toBe(14);
    const moe = 4.302652729911275 * (2 / Math.sqrt(3));
    expect(s.ci95_lo).toBeCloseTo(12 - moe, 6);
    expect(s.ci95_hi).toBeCloseTo(12 + moe, 6);
  });
  it('invents no spread for one sample and no numbers for none', () => {
    expect(describeSamples([5])).toMatchObject({ n: 1, mean: 5, sd: null, ci95_lo: null });
    expect(describeSamples([])).toMatchObject({ n: 0, mean: null, min: null });
  });
});
