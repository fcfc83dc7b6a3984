import { OPS_DIRECTION, parseOpsResult, RunStatus, treeOpsPerSecond } from '@sharebench/core';
import type { RunRow } from '../schema.js';
import { NO_MEASUREMENTS, runRow, type RunContext } from './run-row.js';

/**
 * The row of an operation timed without fio (a tree operation, a developer loop) from its stdout,
 * `{"op", "entries", "elapsed_ms"}` (written by the guest's init, devloop.sh or the host session):
 * ops_per_s = entries / elapsed seconds, total_ios = entries, direction `ops`. Output that is not
 * such an object, for this job's operation, makes a failed row that says what it was.
 */
export function opsResultRuns(stdout: string, ctx: RunContext & { job: string; workload: string }, kind: 'tree' | 'devloop', tool: string): RunRow[] {
  const parts = {
    job: ctx.job,
    workload: ctx.workload,
    ioengine: ctx.ioengine ?? tool,
    numjobs: ctx.numjobs ?? 1,
    blocksize_bytes: null,
    iodepth: null,
    direction: OPS_DIRECTION,
    errno: null,
    // Not fio: busybox, git or sqlite3 did the work.
    fio_version: null,
    hostname: null,
  };
  const r = parseOpsResult(stdout, kind, ctx.workload);
  if ('error' in r) return [runRow(ctx, { ...parts, status: RunStatus.failed, error: r.error }, NO_MEASUREMENTS)];
  const measured = { ...NO_MEASUREMENTS, total_ios: r.entries, ops_per_s: treeOpsPerSecond(r), elapsed_ms: r.elapsed_ms, clock_tick_ms: r.tick_ms };
  return [runRow(ctx, { ...parts, status: RunStatus.ok, error: null }, measured)];
}
