import { parseJobName, parseSize, RunStatus, workloadOfRw } from '@sharebench/core';
import type { FioRecord, FioResult } from '@sharebench/fio';
import type { RunRow } from '../schema.js';
import { classifyError } from './classify-error.js';
import { runRow, type RunContext } from './run-row.js';

function optionSize(options: Readonly<Record<string, string>>, ...keys: string[]): number | null {
  for (const k of keys) {
    const v = options[k];
    if (v === undefined) continue;
    try {
      // "4k" or "4k,8k" (read,write): the first value is the read block size.
      return parseSize(v.split(/[,:]/)[0], k);
    } catch {
      return null;
    }
  }
  return null;
}

function optionInt(options: Readonly<Record<string, string>>, key: string): number | null {
  const v = options[key];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : null;
}

/**
 * One run row per fio record: identity from the context (falling back to fio's job options and
 * the seed's job-name convention), numbers from the record, and a failed record classified into
 * `failed` or `unsupported` with a reason.
 */
export function recordsToRuns(result: FioResult, ctx: RunContext): RunRow[] {
  // Terse output carries no job options: the directions a job moved data in stand in for rw=.
  const directions = new Map<string, Set<string>>();
  for (const rec of result.records) {
    const set = directions.get(rec.jobname) ?? new Set<string>();
    set.add(rec.direction);
    directions.set(rec.jobname, set);
  }
  return result.records.map((rec) => recordToRun(rec, result, ctx, directions.get(rec.jobname)!));
}

function rwFromDirections(directions: Set<string>): string {
  if (directions.has('read') && directions.has('write')) return 'rw';
  return directions.has('write') ? 'write' : directions.has('trim') ? 'trim' : directions.has('mixed') ? 'mixed' : 'read';
}

function recordToRun(rec: FioRecord, result: FioResult, ctx: RunContext, directions: Set<string>): RunRow {
  const job = ctx.job ?? rec.jobname;
  const byName = parseJobName(job);
  const opts = rec.options;
  const ioengine = ctx.ioengine ?? byName?.ioengine ?? opts['ioengine'] ?? 'unknown';
  const workload = ctx.workload ?? byName?.workload ?? workloadOfRw(opts['rw'] ?? opts['readwrite'] ?? rwFromDirections(directions));
  const numjobs = ctx.numjobs ?? optionInt(opts, 'numjobs') ?? (byName?.multi ? 4 : rec.numjobs);
  const { env } = ctx;
  let status: string = RunStatus.ok;
  let error: string | null = null;
  if (rec.status === 'failed') {
    const c = classifyError({ errno: rec.errno, ioengine, fs: env.fs, cache: env.cache });
    status = c.status;
    error = c.error;
  }
  const ok = status === RunStatus.ok;
  const num = (v: number | null): number | null => (ok && v !== null && Number.isFinite(v) ? v : null);
  return runRow(
    ctx,
    {
      job,
      workload,
      ioengine,
      numjobs,
      blocksize_bytes: ctx.blocksize_bytes ?? optionSize(opts, 'bs', 'blocksize'),
      iodepth: ctx.iodepth ?? optionInt(opts, 'iodepth'),
      direction: rec.direction,
      status,
      errno: rec.errno !== 0 ? rec.errno : null,
      error,
      fio_version: ctx.stack?.fio_version ?? result.fioVersion,
      hostname: rec.hostname,
    },
    {
      bw_bytes: num(rec.bw_bytes),
      iops: num(rec.iops),
      runtime_ms: num(rec.runtime_ms),
      io_bytes: num(rec.io_bytes),
      total_ios: num(rec.total_ios),
      lat_mean_ns: num(rec.lat_mean_ns),
      clat_mean_ns: num(rec.clat_mean_ns),
      clat_p50_ns: num(rec.clat_p50_ns),
      clat_p99_ns: num(rec.clat_p99_ns),
      clat_p999_ns: num(rec.clat_p999_ns),
      ops_per_s: null,
      elapsed_ms: null,
    },
  );
}
