import { OPS_DIRECTION, parseTreeResult, RunStatus, treeOpsPerSecond } from '@sharebench/core';
import type { RunRow } from '../schema.js';
import { NO_MEASUREMENTS, runRow, type RunContext } from './run-row.js';

/**
 * The row of a tree operation from its stdout, `{"op", "entries", "elapsed_ms"}` (written by the
 * guest's init or the host session): ops_per_s = entries / elapsed seconds, total_ios = entries,
 * direction `ops`. Output that is not such an object makes a failed row that says what it was.
 */
export function treeRuns(stdout: string, ctx: RunContext & { job: string; workload: string }): RunRow[] {
  const parts = {
    job: ctx.job,
    workload: ctx.workload,
    ioengine: ctx.ioengine ?? 'busybox',
    numjobs: ctx.numjobs ?? 1,
    blocksize_bytes: null,
    iodepth: null,
    direction: OPS_DIRECTION,
    errno: null,
    // Busybox, not fio, did the work.
    fio_version: null,
    hostname: null,
  };
  const r = parseTreeResult(stdout, ctx.workload);
  if ('error' in r) return [runRow(ctx, { ...parts, status: RunStatus.failed, error: r.error }, NO_MEASUREMENTS)];
  const entries = r.entries;
  const elapsedMs = r.elapsed_ms;
  const measured = { ...NO_MEASUREMENTS, total_ios: entries, ops_per_s: treeOpsPerSecond(r), elapsed_ms: elapsedMs };
  return [runRow(ctx, { ...parts, status: RunStatus.ok, error: null }, measured)];
}
