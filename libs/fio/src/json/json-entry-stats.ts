import type { Direction } from '@sharebench/core';
import type { EntryStats, MeanSample, Measured } from '../records/entry-stats.js';
import { failedDirections } from '../records/failed-directions.js';
import { clatPercentiles } from './clat-percentiles.js';
import type { RawDirection, RawJob, RawLatency } from './raw-json.js';

/** What a job entry inherits from the document. */
export interface JobContext {
  jobname: string;
  hostname: string | null;
  globalOptions: Readonly<Record<string, string>>;
}

const IO_DIRECTIONS = ['read', 'write', 'trim'] as const;

/**
 * One fio JSON job entry as per-direction stats. fio prints every direction, with zeros when it
 * moved no data, so only directions with total_ios > 0 or runtime > 0 are kept, plus `mixed`
 * whenever unified_rw_reporting printed it. A job with a non-zero `error` gives entries without
 * numbers, in the directions its rw option names. `hasBins` tells json+ from json.
 */
export function jsonEntryStats(job: RawJob, context: JobContext): { stats: EntryStats[]; hasBins: boolean } {
  const jobOptions = job['job options'];
  const options = jobOptions ? { ...context.globalOptions, ...jobOptions } : context.globalOptions;
  const errno = typeof job.error === 'number' ? job.error : 0;
  const groupid = typeof job.groupid === 'number' ? job.groupid : 0;
  const { jobname, hostname } = context;
  const didIo: Direction[] = [];
  for (const d of IO_DIRECTIONS) {
    const raw = job[d];
    if (isObject(raw) && ((raw.total_ios ?? 0) > 0 || (raw.runtime ?? 0) > 0)) didIo.push(d);
  }
  const mixed = isObject(job.mixed) ? job.mixed : undefined;
  if (errno !== 0) {
    const shape = { rw: options['rw'] ?? options['readwrite'], didIo, mixed: !mixed ? 'none' : isObject(job.read) ? 'also' : 'only' } as const;
    const stats = failedDirections(shape).map((direction): EntryStats => ({ jobname, groupid, hostname, direction, errno, options, measured: null }));
    return { stats, hasBins: false };
  }
  let hasBins = false;
  const stats: EntryStats[] = [];
  const add = (direction: Direction, raw: RawDirection): void => {
    hasBins ||= raw.clat_ns?.bins !== undefined || raw.lat_ns?.bins !== undefined || raw.slat_ns?.bins !== undefined;
    stats.push({ jobname, groupid, hostname, direction, errno, options, measured: measure(raw) });
  };
  for (const d of didIo) add(d, job[d]!);
  if (mixed) add('mixed', mixed);
  return { stats, hasBins };
}

function measure(raw: RawDirection): Measured {
  const runtimeMs = typeof raw.runtime === 'number' ? raw.runtime : 0;
  const totalIos = typeof raw.total_ios === 'number' ? raw.total_ios : null;
  return {
    io_bytes: typeof raw.io_bytes === 'number' ? raw.io_bytes : 0,
    runtime_ms: runtimeMs,
    total_ios: totalIos,
    iops: typeof raw.iops === 'number' ? raw.iops : totalIos !== null && runtimeMs > 0 ? (totalIos * 1000) / runtimeMs : null,
    slat: meanSample(raw.slat_ns, totalIos),
    clat: meanSample(raw.clat_ns, totalIos),
    lat: meanSample(raw.lat_ns, totalIos),
    clat_percentiles: clatPercentiles(raw.clat_ns),
    clat_bins: raw.clat_ns?.bins ?? null,
  };
}

// A mean over no samples is not a latency (slat of a synchronous engine is all zeros, N=0).
// Before fio 3.18 there is no N: a non-zero max means every I/O was sampled.
function meanSample(latency: RawLatency | undefined, totalIos: number | null): MeanSample | null {
  if (!latency || typeof latency.mean !== 'number') return null;
  const samples = typeof latency.N === 'number' ? latency.N : (latency.max ?? 0) > 0 ? (totalIos ?? 1) : 0;
  return samples > 0 ? { mean_ns: latency.mean, samples } : null;
}

function isObject(value: unknown): value is RawDirection {
  return typeof value === 'object' && value !== null;
}
