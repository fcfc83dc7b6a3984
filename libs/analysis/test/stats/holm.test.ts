import { describe, expect, it } from 'vitest';
import { holm } from '@sharebench/analysis';

// The fifteen p-values of Benjamini & Hochberg's (1995) worked example: their step-up procedure rejects four at
// 0.05; Holm's step-down rejects three. By hand: 15·0.0001 = 0.0015, 14·0.0004 = 0.0056 and 13·0.0019 = 0.0247
// are <= 0.05; 12·0.0095 = 0.114 is not, and Holm stops at the first that is not.
const BH95 = [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.324, 0.4262, 0.5719, 0.6528, 0.759, 1.0];

describe('analysis/stats/holm', () => {
  it('rejects three of the fifteen p-values of Benjamini & Hochberg 1995 at 0.05', () => {
    const r = holm(BH95, 0.05);
    expect(r.m).toBe(15);
    expect(r.rejected).toEqual([...Array(3).fill(true), ...Array(12).fill(false)]);
    expect(r.adjusted[0]).toBeCloseTo(0.0015, 14);
    expect(r.adjusted[1]).toBeCloseTo(0.0056, 14);
    expect(r.adjusted[2]).toBeCloseTo(0.0247, 14);
    expect(r.adjusted[3]).toBeCloseTo(0.114, 14);
    // 11·0.0201 = 0.2211, 10·0.0278 = 0.278: each adjusted p is the running maximum.
    expect(r.adjusted[4]).toBeCloseTo(0.2211, 14);
    expect(r.adjusted[14]).toBe(1);
  });

  it('steps down: stops at the first p-value above its bound, even when a larger one is below alpha', () => {
    // 2·0.03 = 0.06 > 0.05, so 0.04 is not rejected though it is below 0.05 (Benjamini-Hochberg would reject both).
    expect(holm([0.03, 0.04]).rejected).toEqual([false, false]);
    expect(holm([0.01, 0.04]).rejected).toEqual([true, true]);
  });

  it('answers in the input order and leaves cells that are not tests out of m', () => {
    const r = holm([0.04, null, 0.001], 0.05);
    expect(r.m).toBe(2);
    expect(r.rejected).toEqual([true, null, true]);
    expect(r.adjusted).toEqual([0.04, null, 0.002]);
    expect(holm([]).m).toBe(0);
  });

  it('says which p-value or alpha is out of range', () => {
    expect(() => holm([0.01, -0.2])).toThrow('p-value 1 is -0.2, not in [0, 1]');
    expect(() => holm([0.01], 1)).toThrow('alpha must be in (0, 1), got 1');
  });
});
