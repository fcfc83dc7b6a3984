import { parseOpsResult, type JobKind, type RunState } from '@sharebench/core';
import type { FioRecord } from '@sharebench/fio';
import { runRecords } from './primary-metric.js';

/**
 * A short line for progress output: the parsed bandwidth of an I/O run, the operations per second
 * of a metadata or tree run, or the state and reason.
 */
export function runSummary(state: RunState, stdout: string, reason: string | null, kind: JobKind = 'io'): string {
  if (state !== 'completed') return `${state}${reason ? `: ${reason}` : ''}`;
  if (kind === 'tree' || kind === 'devloop') {
    const r = parseOpsResult(stdout, kind);
    return 'error' in r ? `no result: ${r.error}` : `ok ${r.entries} entries in ${r.elapsed_ms} ms`;
  }
  const parsed = runRecords(stdout);
  if ('error' in parsed) return `no result: ${parsed.error}`;
  const failed = parsed.records.find((r) => r.status === 'failed');
  if (failed) return `fio error ${failed.errno}`;
  const sum = (value: (r: FioRecord) => number | null) => parsed.records.reduce((s, r) => s + (value(r) ?? 0), 0);
  if (kind === 'meta') return `ok ${sum((r) => r.iops).toFixed(0)} ops/s`;
  return `ok ${(sum((r) => r.bw_bytes) / 1024 / 1024).toFixed(1)} MiB/s`;
}
