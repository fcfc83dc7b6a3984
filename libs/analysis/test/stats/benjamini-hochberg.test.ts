import { describe, expect, it } from 'vitest';
import { benjaminiHochberg, normalCdf, twoSidedP, Z95 } from '@sharebench/analysis';

// Benjamini & Hochberg (1995), J R Stat Soc B 57(1):289-300: the paper's worked example of fifteen p-values, of
// which the step-up procedure rejects the four smallest at q = 0.05 (p(4) = 0.0095 <= 4/15 · 0.05 = 0.0133, and no
// larger p(i) <= i/15 · 0.05). The values as several independent public test suites quote the paper.
const BH95 = [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.324, 0.4262, 0.5719, 0.6528, 0.759, 1.0];

describe('analysis/stats/benjamini-hochberg', () => {
  it('rejects the four hypotheses of Benjamini & Hochberg 1995 at q = 0.05', () => {
    const r = benjaminiHochberg(BH95, 0.05);
    expect(r.m).toBe(15);
    expect(r.rejected).toEqual([...Array(4).fill(true), ...Array(11).fill(false)]);
    expect(r.threshold_p).toBe(0.0095);
    // Adjusted p-values by hand, min over j >= i of 15 p(j) / j: q(1) = 15·0.0001/1 = 0.0015,
    // q(4) = 15·0.0095/4 = 0.035625, q(5) = 15·0.0201/5 = 0.0603 (below 15·0.0298/7 = 0.06386), q(15) = 1.
    expect(r.q_values[0]).toBeCloseTo(0.0015, 14);
    expect(r.q_values[3]).toBeCloseTo(0.035625, 14);
    expect(r.q_values[4]).toBeCloseTo(0.0603, 14);
    expect(r.q_values[14]).toBe(1);
  });

  it('answers in the input order, skips cells that are not tests, and counts only the tests in m', () => {
    const shuffled = [BH95[9]!, null, BH95[3]!, BH95[0]!, BH95[14]!, BH95[4]!, ...BH95.filter((_, i) => ![0, 3, 4, 9, 14].includes(i))];
    const r = benjaminiHochberg(shuffled, 0.05);
    expect(r.m).toBe(15);
    expect(r.rejected.slice(0, 6)).toEqual([false, null, true, true, false, false]);
    expect(r.q_values[1]).toBeNull();
    expect(r.q_values[2]).toBeCloseTo(0.035625, 14);
    expect(r.rejected.filter((x) => x === true)).toHaveLength(4);
  });

  it('steps up: a p-value above its own bound is rejected when a larger one clears its bound', () => {
    // 0.04 > 1/2 · 0.05 but 0.049 <= 2/2 · 0.05: both are rejected.
    expect(benjaminiHochberg([0.04, 0.049]).rejected).toEqual([true, true]);
    expect(benjaminiHochberg([]).threshold_p).toBeNull();
  });

  it('says which p-value or alpha is out of range', () => {
    expect(() => benjaminiHochberg([0.01, 1.2])).toThrow('p-value 1 is 1.2, not in [0, 1]');
    expect(() => benjaminiHochberg([0.01, Number.NaN])).toThrow(RangeError);
    expect(() => benjaminiHochberg([0.01], 0)).toThrow('alpha must be in (0, 1), got 0');
  });
});

describe('analysis/stats/benjamini-hochberg twoSidedP', () => {
  it('is 0.05 at the two-sided 95% critical values of the normal and of t', () => {
    expect(twoSidedP(Z95 * 0.1, 0.1, null)).toBeCloseTo(0.05, 14);
    expect(twoSidedP(-Z95 * 0.1, 0.1, Number.POSITIVE_INFINITY)).toBeCloseTo(0.05, 14);
    // t(0.975, 4) = 2.776445105 (NIST/SEMATECH e-Handbook, table 1.3.6.7.2: 2.776).
    expect(twoSidedP(2.776445105 * 0.02, 0.02, 4)).toBeCloseTo(0.05, 9);
  });

  it('has no p-value for a cell without a positive, finite se', () => {
    expect(twoSidedP(0.3, 0, 4)).toBeNull();
    expect(twoSidedP(0.3, null, 4)).toBeNull();
    expect(twoSidedP(Number.NaN, 0.1, 4)).toBeNull();
    expect(() => twoSidedP(0.3, 0.1, 0)).toThrow('df must be > 0 or null, got 0');
  });
});

describe('analysis/stats/normal', () => {
  it('matches tabulated values of the standard normal distribution function', () => {
    // Abramowitz & Stegun (1964), table 26.1, and 1 - Φ(6) = 9.8659e-10 from its table 26.2 tail values.
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1)).toBeCloseTo(0.841344746069, 12);
    expect(normalCdf(2)).toBeCloseTo(0.977249868052, 12);
    expect(normalCdf(3)).toBeCloseTo(0.998650101968, 12);
    expect(normalCdf(-1.96)).toBeCloseTo(0.024997895148, 12);
    expect(normalCdf(-6) / 9.8659e-10).toBeCloseTo(1, 4);
    expect(normalCdf(Z95)).toBeCloseTo(0.975, 15);
  });
});
