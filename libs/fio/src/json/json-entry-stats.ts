import type { Direction } from '@sharebench/core';
import type { EntryStats, MeanSample, Measured } from '../records/entry-stats.js';
import { failedDirections } from '../records/failed-directions.js';
import { clatPercentiles } from './clat-percentiles.js';
import { jsonUnits } from './json-units.js';
import type { RawDirection, RawJob, RawLatency } from './raw-json.js';

/** What a job entry inherits from the document. */
export interface JobContext {
  jobname: string;
  hostname: string | null;
  globalOptions: Readonly<Record<string, string>>;
  /** fio's [major, minor] from the document's "fio version", for units the keys do not settle. */
  release: [number, number] | null;
}

/** One job entry's per-direction stats, whether any had json+ bins, and whether its failure's directions were a guess. */
export interface JobEntryStats {
  stats: EntryStats[];
  hasBins: boolean;
  /** The job failed and nothing said what it does (see failedDirections). */
  directionUnknown: boolean;
}

const IO_DIRECTIONS = ['read', 'write', 'trim'] as const;

/**
 * One fio JSON job entry as per-direction stats in base units (bytes, ns), whatever fio version
 * wrote it (see jsonUnits). fio prints every direction, with zeros when it moved no data, so only
 * directions with total_ios > 0 or runtime > 0 are kept, plus `mixed` whenever
 * unified_rw_reporting printed it. A job with a non-zero `error` gives entries without numbers,
 * in the directions failedDirections finds. `hasBins` tells json+ from json.
 */
export function jsonEntryStats(job: RawJob, context: JobContext): JobEntryStats {
  const jobOptions = job['job options'];
  const options = jobOptions ? { ...context.globalOptions, ...jobOptions } : context.globalOptions;
  const errno = typeof job.error === 'number' ? job.error : 0;
  const groupid = typeof job.groupid === 'number' ? job.groupid : 0;
  const { jobname, hostname } = context;
  const didIo: Direction[] = [];
  const printed: Direction[] = [];
  for (const d of IO_DIRECTIONS) {
    const raw = job[d];
    if (!isObject(raw)) continue;
    printed.push(d);
    if ((raw.total_ios ?? 0) > 0 || (raw.runtime ?? 0) > 0) didIo.push(d);
  }
  const mixed = isObject(job.mixed) ? job.mixed : undefined;
  if (errno !== 0) {
    const rw = options['rw'] ?? options['readwrite'];
    // Options known (fio prints the ones set) and no rw among them: fio ran its default, read.
    const rwDefaulted = jobOptions !== undefined && rw === undefined;
    const shape = { rw, rwDefaulted, jobname, didIo, printed, mixed: !mixed ? 'none' : isObject(job.read) ? 'also' : 'only' } as const;
    const failed = failedDirections(shape);
    const stats = failed.directions.map((direction): EntryStats => ({ jobname, groupid, hostname, direction, errno, options, measured: null }));
    return { stats, hasBins: false, directionUnknown: failed.unknown };
  }
  let hasBins = false;
  const stats: EntryStats[] = [];
  const add = (direction: Direction, raw: RawDirection): void => {
    hasBins ||= [raw.clat_ns, raw.lat_ns, raw.slat_ns, raw.clat].some((latency) => latency?.bins !== undefined);
    stats.push({ jobname, groupid, hostname, direction, errno, options, measured: measure(raw, context.release) });
  };
  for (const d of didIo) add(d, job[d]!);
  if (mixed) add('mixed', mixed);
  return { stats, hasBins, directionUnknown: false };
}

function measure(raw: RawDirection, release: [number, number] | null): Measured {
  const units = jsonUnits(raw, release);
  const runtimeMs = typeof raw.runtime === 'number' ? raw.runtime : 0;
  const totalIos = typeof raw.total_ios === 'number' ? raw.total_ios : null;
  return {
    io_bytes: typeof raw.io_bytes === 'number' ? raw.io_bytes * units.bytesPerIoUnit : 0,
    runtime_ms: runtimeMs,
    total_ios: totalIos,
    iops: typeof raw.iops === 'number' ? raw.iops : totalIos !== null && runtimeMs > 0 ? (totalIos * 1000) / runtimeMs : null,
    slat: meanSample(units.slat, totalIos, units.nsPerLatencyUnit),
    clat: meanSample(units.clat, totalIos, units.nsPerLatencyUnit),
    lat: meanSample(units.lat, totalIos, units.nsPerLatencyUnit),
    clat_percentiles: clatPercentiles(units.clat, units.nsPerLatencyUnit),
    // fio 2.x json+ keyed its bins by bucket index, not value: only 3.x bins (ns values) are kept.
    clat_bins: units.nsPerLatencyUnit === 1 ? (raw.clat_ns?.bins ?? null) : null,
  };
}

// A mean over no samples is not a latency (slat of a synchronous engine is all zeros, N=0).
// Before fio 3.18 there is no N: a non-zero max means every I/O was sampled.
function meanSample(latency: RawLatency | undefined, totalIos: number | null, nsPerUnit: number): MeanSample | null {
  if (!latency || typeof latency.mean !== 'number') return null;
  const samples = typeof latency.N === 'number' ? latency.N : (latency.max ?? 0) > 0 ? (totalIos ?? 1) : 0;
  if (samples === 0) return null;
  // us with at most 6 decimals: rounding keeps exactly those digits, in ns.
  return { mean_ns: nsPerUnit === 1 ? latency.mean : Math.round(latency.mean * nsPerUnit * 1000) / 1000, samples };
}

function isObject(value: unknown): value is RawDirection {
  return typeof value === 'object' && value !== null;
}
