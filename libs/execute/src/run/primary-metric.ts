import { parseOpsResult, treeOpsPerSecond, type JobKind } from '@sharebench/core';
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
 * A run's primary metric, what adaptive repeats judge a cell by: for an I/O job bw_bytes summed
 * over its directions (a randrw run's read and write together: the bandwidth it moved), in
 * bytes/s; for a metadata job its operations per second; for a tree or developer-loop operation entries per second.
 * Null when the run gave no number (no output, a failed job, a direction without bandwidth).
 * `kind` has no default: read with the wrong kind, a run's output gives no number, or the wrong one.
 */
export function primaryMetric(stdout: string, kind: JobKind): number | null {
  if (kind === 'tree' || kind === 'devloop') {
    const r = parseOpsResult(stdout, kind);
    return 'error' in r ? null : treeOpsPerSecond(r);
  }
  const parsed = runRecords(stdout);
  if ('error' in parsed || parsed.records.length === 0) return null;
  let sum = 0;
  for (const r of parsed.records) {
    const value = kind === 'meta' ? r.iops : r.bw_bytes;
    if (r.status === 'failed' || value === null || !Number.isFinite(value)) return null;
    sum += value;
  }
  return sum;
}
