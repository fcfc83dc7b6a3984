import { directionsOf, OPS_DIRECTION, parseJobName, type RunStatus } from '@sharebench/core';
import type { RunRow } from '../schema.js';
import { NO_MEASUREMENTS, runRow, type RunContext } from './run-row.js';

/**
 * Rows for a run that produced no fio numbers (an unsupported configuration, a guest that never
 * booted, an interrupted run): one per direction the workload would have measured (metadata, tree
 * and developer-loop jobs: one, `ops`), each with its status and reason and every measurement null.
 */
export function statusRuns(
  ctx: RunContext & { job: string },
  outcome: { status: RunStatus; error: string; errno?: number | null },
): RunRow[] {
  const byName = parseJobName(ctx.job);
  const workload = ctx.workload ?? byName?.workload ?? 'unknown';
  const directions = ctx.kind === 'meta' || ctx.kind === 'tree' || ctx.kind === 'devloop' ? [OPS_DIRECTION] : directionsOf(workload);
  return directions.map((direction) =>
    runRow(
      ctx,
      {
        job: ctx.job,
        workload,
        ioengine: ctx.ioengine ?? byName?.ioengine ?? 'unknown',
        numjobs: ctx.numjobs ?? (byName?.multi ? 4 : 1),
        blocksize_bytes: ctx.blocksize_bytes ?? null,
        iodepth: ctx.iodepth ?? null,
        direction,
        status: outcome.status,
        errno: outcome.errno ?? null,
        error: outcome.error,
        fio_version: ctx.stack?.fio_version ?? null,
        hostname: null,
      },
      NO_MEASUREMENTS,
    ),
  );
}
