import { parseFioOutput } from '@sharebench/fio';
import type { RunState } from '@sharebench/core';

/** A short line for progress output: the parsed bandwidth of the run's jobs, or the state and reason. */
export function runSummary(state: RunState, stdout: string, reason: string | null): string {
  if (state !== 'completed') return `${state}${reason ? `: ${reason}` : ''}`;
  let records;
  try {
    records = parseFioOutput(stdout, 'stdout', 'json').records;
  } catch (err) {
    return `no result: ${(err as Error).message}`;
  }
  const failed = records.find((r) => r.status === 'failed');
  if (failed) return `fio error ${failed.errno}`;
  const bw = records.reduce((sum, r) => sum + (r.hostname === 'All clients' ? 0 : (r.bw_bytes ?? 0)), 0);
  return `ok ${(bw / 1024 / 1024).toFixed(1)} MiB/s`;
}
