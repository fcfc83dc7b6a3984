import { parseFioOutput, type FioRecord } from '@sharebench/fio';

/**
 * The records of a run's fio output, or why there are none. "All clients" aggregates of fio
 * client/server output are left out: they repeat the per-host records.
 */
export function runRecords(stdout: string): { records: FioRecord[] } | { error: string } {
  try {
    return { records: parseFioOutput(stdout, 'stdout', 'json').records.filter((r) => r.hostname !== 'All clients') };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

/**
 * A run's primary metric, what adaptive repeats judge a cell by: bw_bytes summed over its
 * directions (a randrw run's read and write together: the bandwidth it moved), in bytes/s.
 * Null when the run gave no number (no output, a failed job, a direction without bandwidth).
 */
export function primaryMetric(stdout: string): number | null {
  const parsed = runRecords(stdout);
  if ('error' in parsed || parsed.records.length === 0) return null;
  let sum = 0;
  for (const r of parsed.records) {
    if (r.status === 'failed' || r.bw_bytes === null || !Number.isFinite(r.bw_bytes)) return null;
    sum += r.bw_bytes;
  }
  return sum;
}
