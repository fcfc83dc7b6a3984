import { OPS_DIRECTION, RunStatus } from '@sharebench/core';
import type { RunRow } from '../schema.js';
import { NO_MEASUREMENTS, runRow, type RunContext } from './run-row.js';

/**
 * The row of an operation timed without fio (a tree operation, a developer loop) from its stdout,
 * `{"op", "entries", "elapsed_ms"}` (written by the guest's init, devloop.sh or the host session):
 * ops_per_s = entries / elapsed seconds, total_ios = entries, direction `ops`. Output that is not
 * such an object, for this job's operation, makes a failed row that says what it was.
 */
export function opsResultRuns(stdout: string, ctx: RunContext & { job: string; workload: string }, what: { tool: string; noun: string }): RunRow[] {
  const parts = {
    job: ctx.job,
    workload: ctx.workload,
    ioengine: ctx.ioengine ?? what.tool,
    numjobs: ctx.numjobs ?? 1,
    blocksize_bytes: null,
    iodepth: null,
    direction: OPS_DIRECTION,
    errno: null,
    // Not fio: busybox, git or sqlite3 did the work.
    fio_version: null,
    hostname: null,
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch (err) {
    parsed = err;
  }
  const r = parsed as { op?: unknown; entries?: unknown; elapsed_ms?: unknown };
  const valid =
    typeof r === 'object' && r !== null && r.op === ctx.workload &&
    Number.isInteger(r.entries) && (r.entries as number) > 0 && typeof r.elapsed_ms === 'number' && r.elapsed_ms > 0;
  if (!valid) {
    const shown = stdout.trim().slice(0, 120) || 'nothing';
    const error = `the ${what.noun}'s output is not {"op": "${ctx.workload}", "entries" > 0, "elapsed_ms" > 0}: ${shown}`;
    return [runRow(ctx, { ...parts, status: RunStatus.failed, error }, NO_MEASUREMENTS)];
  }
  const entries = r.entries as number;
  const elapsedMs = r.elapsed_ms as number;
  const measured = { ...NO_MEASUREMENTS, total_ios: entries, ops_per_s: entries / (elapsedMs / 1000), elapsed_ms: elapsedMs };
  return [runRow(ctx, { ...parts, status: RunStatus.ok, error: null }, measured)];
}
