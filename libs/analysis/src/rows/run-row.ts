import type { RunRow } from '../schema.js';
import { stackOf, type EnvMeta, type HostConditions, type JobKind, type StackInfo } from '@sharebench/core';

/** Where a parsed result came from, and what its source knows that fio's output does not. */
export interface RunContext {
  campaign: string;
  env: EnvMeta;
  repeat: number;
  source_file: string;
  /** Job name to use instead of fio's jobname (legacy logs and campaigns name jobs themselves). */
  job?: string;
  /** What the job measures; absent: an I/O job. */
  kind?: JobKind;
  workload?: string;
  ioengine?: string;
  numjobs?: number;
  blocksize_bytes?: number | null;
  iodepth?: number | null;
  /** What the run ran on (run.json's fields; absent: not known, as for imported files); fio_version, else fio's own version line. */
  stack?: Partial<StackInfo>;
  /** The host while the run was timed (executed runs that recorded it). */
  host?: HostConditions | null;
  /** The machine, its boot and the shard the run was measured in (executed runs that recorded them). */
  host_id?: string | null;
  boot_id?: string | null;
  shard?: number | null;
}

/** The measured columns of a run row. */
export type Measurements = Pick<
  RunRow,
  | 'bw_bytes'
  | 'iops'
  | 'runtime_ms'
  | 'io_bytes'
  | 'total_ios'
  | 'lat_mean_ns'
  | 'clat_mean_ns'
  | 'clat_p50_ns'
  | 'clat_p99_ns'
  | 'clat_p999_ns'
  | 'ops_per_s'
  | 'elapsed_ms'
>;

/** A run with no numbers: failed, unsupported or interrupted (never zeros). */
export const NO_MEASUREMENTS: Measurements = {
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
  ops_per_s: null,
  elapsed_ms: null,
};

/** What a row says about its job and outcome beyond the context. */
export type RunParts = Pick<
  RunRow,
  'job' | 'workload' | 'ioengine' | 'numjobs' | 'blocksize_bytes' | 'iodepth' | 'direction' | 'status' | 'errno' | 'error' | 'fio_version' | 'hostname'
>;

/** Assembles a run row: the environment and provenance from the context, the rest as given. */
export function runRow(ctx: RunContext, parts: RunParts, measurements: Measurements): RunRow {
  const { env } = ctx;
  return {
    campaign: ctx.campaign,
    host_id: ctx.host_id ?? null,
    env: env.name,
    fs: env.fs,
    cache: env.cache,
    dax: env.dax,
    numa: env.numa,
    job: parts.job,
    workload: parts.workload,
    ioengine: parts.ioengine,
    numjobs: parts.numjobs,
    blocksize_bytes: parts.blocksize_bytes,
    iodepth: parts.iodepth,
    repeat: ctx.repeat,
    shard: ctx.shard ?? null,
    boot_id: ctx.boot_id ?? null,
    direction: parts.direction,
    status: parts.status,
    errno: parts.errno,
    error: parts.error,
    ...measurements,
    ...stackOf({ ...ctx.stack, fio_version: parts.fio_version }),
    hostname: parts.hostname,
    host_load1: ctx.host?.load1 ?? null,
    host_busy_ratio: ctx.host?.busy_ratio ?? null,
    host_cache_dropped: ctx.host?.cache_dropped ?? null,
    source_file: ctx.source_file,
  };
}
