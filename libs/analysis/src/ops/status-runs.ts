import { directionsOf, parseJobName, type RunStatus } from '@sharebench/core';
import type { RunRow } from '../schema.js';
import type { RunContext } from './records-to-runs.js';

/**
 * Rows for a run that produced no fio numbers (an unsupported configuration, a guest that never
 * booted, an interrupted run): one per direction the workload would have measured, each with its
 * status and reason and every measurement null.
 */
export function statusRuns(
  ctx: RunContext & { job: string },
  outcome: { status: RunStatus; error: string; errno?: number | null },
): RunRow[] {
  const byName = parseJobName(ctx.job);
  const workload = ctx.workload ?? byName?.workload ?? 'unknown';
  const { env } = ctx;
  return directionsOf(workload).map((direction) => ({
    campaign: ctx.campaign,
    env: env.env,
    fs: env.fs,
    cache: env.cache,
    dax: env.dax,
    numa: env.numa,
    job: ctx.job,
    workload,
    ioengine: ctx.ioengine ?? byName?.ioengine ?? 'unknown',
    numjobs: ctx.numjobs ?? (byName?.multi ? 4 : 1),
    blocksize_bytes: ctx.blocksize_bytes ?? null,
    iodepth: ctx.iodepth ?? null,
    repeat: ctx.repeat,
    direction,
    status: outcome.status,
    errno: outcome.errno ?? null,
    error: outcome.error,
    bw_bytes: null,
    iops: null,
    runtime_ms: null,
    io_bytes: null,
    total_ios: null,
    lat_mean_ns: null,
    clat_mean_ns: null,
    clat_p50_ns: null,
    clat_p99_ns: null,
    clat_p999_ns: null,
    mount: ctx.mount ?? null,
    accel: ctx.accel ?? null,
    fio_version: ctx.fio_version ?? null,
    hostname: null,
    source_file: ctx.source_file,
  }));
}
