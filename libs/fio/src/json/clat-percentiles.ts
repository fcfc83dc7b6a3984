import { WANTED_PERCENTILES, type ClatPercentiles } from '../records/entry-stats.js';
import { percentilesFromBins } from '../records/percentiles-from-bins.js';
import type { RawLatency } from './raw-json.js';

/**
 * p50, p99 and p99.9 (ns) of a latency object whose values are `nsPerUnit` ns each (1000 for the
 * microseconds of fio before 3.0): from fio's `percentile` object, whose keys are the percentile
 * formatted with %f ("99.900000", "99.90" in fio 2.x; padding keys "0.00" are skipped), so they
 * are compared as numbers; a percentile the object lacks (a custom percentile_list) comes from
 * the json+ `bins` histogram when present.
 */
export function clatPercentiles(latency: RawLatency | undefined, nsPerUnit = 1): ClatPercentiles {
  let p50: number | null = null;
  let p99: number | null = null;
  let p999: number | null = null;
  const printed = latency?.percentile;
  if (printed) {
    for (const key in printed) {
      const value = printed[key];
      if (typeof value !== 'number') continue;
      const p = parseFloat(key);
      if (p === 50) p50 = value * nsPerUnit;
      else if (p === 99) p99 = value * nsPerUnit;
      else if (p === 99.9) p999 = value * nsPerUnit;
    }
  }
  const bins = latency?.bins;
  if (bins && nsPerUnit === 1 && (p50 === null || p99 === null || p999 === null)) {
    const fromBins = percentilesFromBins(bins, WANTED_PERCENTILES);
    p50 ??= fromBins.get(50) ?? null;
    p99 ??= fromBins.get(99) ?? null;
    p999 ??= fromBins.get(99.9) ?? null;
  }
  return { p50_ns: p50, p99_ns: p99, p999_ns: p999 };
}
