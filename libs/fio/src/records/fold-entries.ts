import type { FioRecord } from '../types.js';
import type { ClatPercentiles, EntryStats, MeanSample, Measured } from './entry-stats.js';
import { WANTED_PERCENTILES } from './entry-stats.js';
import { failedRecord } from './failed-record.js';
import { mergeBins } from './merge-bins.js';
import { percentilesFromBins } from './percentiles-from-bins.js';

/**
 * Folds job entries into records, one per jobname x groupid x hostname x direction, in order of
 * first appearance. numjobs clones without group_reporting are separate entries with the same
 * name; fio prints no total for them, so they are added up the way its `Run status group` line
 * does: bytes and I/Os summed, divided by the longest runtime. A group with a failed entry is a
 * failed record (errno: the first non-zero one).
 */
export function foldEntries(entries: readonly EntryStats[]): FioRecord[] {
  const groups = new Map<string, EntryStats[]>();
  for (const entry of entries) {
    const key = `${entry.jobname}\u0000${entry.groupid}\u0000${entry.hostname ?? ''}\u0000${entry.direction}`;
    const group = groups.get(key);
    if (group) group.push(entry);
    else groups.set(key, [entry]);
  }
  const records: FioRecord[] = [];
  for (const group of groups.values()) records.push(foldGroup(group));
  return records;
}

function foldGroup(group: EntryStats[]): FioRecord {
  const first = group[0]!;
  const numjobsOption = first.options['numjobs'];
  const numjobs = numjobsOption !== undefined && /^\s*\d+\s*$/.test(numjobsOption) ? Number(numjobsOption) : group.length;
  let errno = 0;
  let failed = false;
  for (const e of group) {
    if (errno === 0) errno = e.errno;
    failed ||= e.errno !== 0 || e.measured === null;
  }
  if (failed) {
    const identity = { jobname: first.jobname, groupid: first.groupid, hostname: first.hostname, options: first.options, entries: group.length, numjobs };
    return failedRecord(identity, first.direction, errno);
  }
  const m = group.length === 1 ? first.measured! : sumClones(group.map((e) => e.measured!));
  // Built field by field: V8 falls off its fast path for a spread followed by more keys.
  return {
    jobname: first.jobname,
    groupid: first.groupid,
    hostname: first.hostname,
    direction: first.direction,
    status: 'ok',
    errno: 0,
    entries: group.length,
    numjobs,
    io_bytes: m.io_bytes,
    // fio's bw_bytes is truncated to an integer: the exact rate comes from the totals.
    bw_bytes: m.runtime_ms > 0 ? (m.io_bytes * 1000) / m.runtime_ms : null,
    iops: m.iops,
    runtime_ms: m.runtime_ms,
    total_ios: m.total_ios,
    slat_mean_ns: m.slat?.mean_ns ?? null,
    clat_mean_ns: m.clat?.mean_ns ?? null,
    lat_mean_ns: m.lat?.mean_ns ?? null,
    clat_p50_ns: m.clat_percentiles.p50_ns,
    clat_p99_ns: m.clat_percentiles.p99_ns,
    clat_p999_ns: m.clat_percentiles.p999_ns,
    options: first.options,
  };
}

function sumClones(clones: Measured[]): Measured {
  let ioBytes = 0;
  let runtimeMs = 0;
  let totalIos: number | null = 0;
  for (const c of clones) {
    ioBytes += c.io_bytes;
    runtimeMs = Math.max(runtimeMs, c.runtime_ms);
    totalIos = totalIos === null || c.total_ios === null ? null : totalIos + c.total_ios;
  }
  return {
    io_bytes: ioBytes,
    runtime_ms: runtimeMs,
    total_ios: totalIos,
    iops: runtimeMs > 0 ? ((totalIos ?? estimatedIos(clones)) * 1000) / runtimeMs : null,
    slat: weightedMean(clones.map((c) => c.slat)),
    clat: weightedMean(clones.map((c) => c.clat)),
    lat: weightedMean(clones.map((c) => c.lat)),
    clat_percentiles: mergedPercentiles(clones),
    clat_bins: null,
  };
}

// Terse has no I/O counts; each clone's (truncated) IOPS times its runtime gives them back.
function estimatedIos(clones: Measured[]): number {
  let ios = 0;
  for (const c of clones) ios += ((c.iops ?? 0) * c.runtime_ms) / 1000;
  return ios;
}

function weightedMean(samples: Array<MeanSample | null>): MeanSample | null {
  let sum = 0;
  let n = 0;
  for (const s of samples) {
    if (s === null) continue;
    sum += s.mean_ns * s.samples;
    n += s.samples;
  }
  return n > 0 ? { mean_ns: sum / n, samples: n } : null;
}

// Percentiles of a union cannot be derived from the members' percentiles, only from their histograms.
function mergedPercentiles(clones: Measured[]): ClatPercentiles {
  const histograms = clones.map((c) => c.clat_bins);
  if (histograms.some((h) => h === null)) return { p50_ns: null, p99_ns: null, p999_ns: null };
  const merged = percentilesFromBins(mergeBins(histograms as Array<Record<string, number>>), WANTED_PERCENTILES);
  return { p50_ns: merged.get(50) ?? null, p99_ns: merged.get(99) ?? null, p999_ns: merged.get(99.9) ?? null };
}
