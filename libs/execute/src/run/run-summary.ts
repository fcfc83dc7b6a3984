import type { RunState } from '@sharebench/core';
import { runRecords } from './primary-metric.js';

/** A short line for progress output: the parsed bandwidth of the run's jobs, or the state and reason. */
export function runSummary(state: RunState, stdout: string, reason: string | null): string {
  if (state !== 'completed') return `${state}${reason ? `: ${reason}` : ''}`;
  const parsed = runRecords(stdout);
  if ('error' in parsed) return `no result: ${parsed.error}`;
  const failed = parsed.records.find((r) => r.status === 'failed');
  if (failed) return `fio error ${failed.errno}`;
  const bw = parsed.records.reduce((sum, r) => sum + (r.bw_bytes ?? 0), 0);
  return `ok ${(bw / 1024 / 1024).toFixed(1)} MiB/s`;
}
