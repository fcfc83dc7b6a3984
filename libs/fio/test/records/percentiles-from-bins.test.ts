import { describe, expect, it } from 'vitest';
import { percentilesFromBins } from '@sharebench/fio';
import { fixture } from '../fixture.js';

describe('fio/records/percentiles-from-bins', () => {
  const doc = JSON.parse(fixture('fio-3.33/jsonplus-bins.json'));
  for (const direction of ['read', 'write']) {
    it(`matches every percentile fio printed for the json+ ${direction} histogram`, () => {
      const clat = doc.jobs[0][direction].clat_ns;
      const printed = Object.entries(clat.percentile as Record<string, number>).map(([k, v]) => [parseFloat(k), v] as const);
      expect(printed.map(([p]) => p)).toEqual([50, 90, 99, 99.9, 100]);
      const computed = percentilesFromBins(clat.bins, printed.map(([p]) => p));
      for (const [p, value] of printed) expect(computed.get(p)).toBe(value);
    });
  }

  it('counts samples from the bins and sorts bucket keys numerically', () => {
    // Insertion order is not value order; "1000" sorts before "200" as a string.
    const result = percentilesFromBins({ '1000': 10, '200': 80, '30': 10 }, [99, 10, 50, 90, 91]);
    expect([...result.entries()].sort((a, b) => a[0] - b[0])).toEqual([[10, 30], [50, 200], [90, 200], [91, 1000], [99, 1000]]);
  });

  it('returns nothing for an empty histogram', () => {
    expect(percentilesFromBins({}, [50]).size).toBe(0);
  });
});
