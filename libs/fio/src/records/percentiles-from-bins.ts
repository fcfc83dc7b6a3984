/**
 * Percentiles (ns) from a json+ `bins` histogram (bucket value in ns -> I/O count), computed the
 * way fio's `calc_clat_percentiles` does: percentile p is the first bucket, in value order, where
 * the running count reaches p/100 of all samples. Object key order is not numeric order, so the
 * buckets are sorted first. Returns a map from each wanted percentile to its value; empty when
 * the histogram holds no samples.
 */
export function percentilesFromBins(bins: Readonly<Record<string, number>>, percentiles: readonly number[]): Map<number, number> {
  const buckets: Array<[valueNs: number, count: number]> = [];
  let samples = 0;
  for (const key in bins) {
    const count = bins[key]!;
    buckets.push([Number(key), count]);
    samples += count;
  }
  buckets.sort((a, b) => a[0] - b[0]);
  const wanted = [...percentiles].sort((a, b) => a - b);
  const out = new Map<number, number>();
  if (samples === 0) return out;
  let running = 0;
  let next = 0;
  for (const [valueNs, count] of buckets) {
    running += count;
    while (next < wanted.length && running >= (wanted[next]! / 100) * samples) out.set(wanted[next++]!, valueNs);
    if (next === wanted.length) break;
  }
  return out;
}
