import type { Direction } from '@sharebench/core';

/** A latency mean and the number of samples behind it: the weight when clones are folded. */
export interface MeanSample {
  mean_ns: number;
  samples: number;
}

/** The completion-latency percentiles a record carries, in ns; null when fio did not report them. */
export interface ClatPercentiles {
  p50_ns: number | null;
  p99_ns: number | null;
  p999_ns: number | null;
}

/** The numbers of one direction of one job entry, in base units (bytes, ms, ns). */
export interface Measured {
  io_bytes: number;
  runtime_ms: number;
  /** Terse has no I/O count: null there. */
  total_ios: number | null;
  /** fio's own IOPS for this entry (a float in JSON, truncated in terse); null when unknown. */
  iops: number | null;
  slat: MeanSample | null;
  clat: MeanSample | null;
  lat: MeanSample | null;
  clat_percentiles: ClatPercentiles;
  /** json+ completion-latency histogram (bucket value in ns -> count), kept to merge clones. */
  clat_bins: Readonly<Record<string, number>> | null;
}

/**
 * One fio job entry (a JSON `jobs[]` element or a terse line) in one direction, before numjobs
 * clones are folded. `measured` is null when the entry failed: its numbers are not results.
 */
export interface EntryStats {
  jobname: string;
  groupid: number;
  hostname: string | null;
  direction: Direction;
  errno: number;
  options: Readonly<Record<string, string>>;
  measured: Measured | null;
}

/** The percentiles a FioRecord carries, as fio numbers them. */
export const WANTED_PERCENTILES = [50, 99, 99.9] as const;
