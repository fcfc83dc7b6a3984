import type { Direction, ParseWarning } from '@sharebench/core';

/** The output formats the parser reads. */
export const FioFormat = { json: 'json', jsonplus: 'json+', terse: 'terse', legacy: 'legacy' } as const;
export type FioFormat = (typeof FioFormat)[keyof typeof FioFormat];

/**
 * One fio job (or reporting group, or folded set of numjobs clones) in one direction.
 * Units are normalized: bytes, bytes/s, IO/s, ms for runtimes, ns for latencies.
 * A record with `status: 'failed'` has `errno` set and every measurement null, never 0.
 */
export interface FioRecord {
  /** fio's `jobname` (under group_reporting: the first member's name). */
  jobname: string;
  groupid: number;
  /**
   * Client/server mode: the server's hostname, or "All clients" for fio's sum; null locally.
   * Servers sharing a hostname on different ports are told apart as "host:port".
   */
  hostname: string | null;
  direction: Direction;
  status: 'ok' | 'failed';
  /** fio's `error` field (an errno); 0 when the job succeeded. */
  errno: number;
  /** How many fio job entries were folded into this record (numjobs clones without group_reporting). */
  entries: number;
  /**
   * Jobs behind the numbers: `numjobs` from the job options when known (legacy logs: the `jobs=N`
   * of fio's normal output), else `entries`.
   */
  numjobs: number;
  io_bytes: number | null;
  bw_bytes: number | null;
  iops: number | null;
  runtime_ms: number | null;
  total_ios: number | null;
  slat_mean_ns: number | null;
  clat_mean_ns: number | null;
  lat_mean_ns: number | null;
  clat_p50_ns: number | null;
  clat_p99_ns: number | null;
  clat_p999_ns: number | null;
  /** The options fio reported for this job: job options over global options (JSON), or none (terse). */
  options: Readonly<Record<string, string>>;
}

/** One parsed result: a fio output file, or one loop of a legacy log. */
export interface FioResult {
  format: FioFormat;
  /** "fio-3.33" as fio printed it; null when the format does not carry it (terse v2). */
  fioVersion: string | null;
  /** End of the run (fio prints the report time), Unix ms; null when absent. */
  timestampMs: number | null;
  globalOptions: Readonly<Record<string, string>>;
  records: FioRecord[];
  /** What the parser read past instead of refusing the file (non-numbers read as null, ...). */
  warnings: ParseWarning[];
}

/** One `Running: fio ...` block of a legacy run-fio-test.sh log. */
export interface LegacyRun {
  /** The job file as the log names it, e.g. `fio-jobs/randread-libaio.job`. */
  jobFile: string;
  /** Job name from the file name: `randread-libaio`. */
  job: string;
  /** 1-based loop number of this job file within the log. */
  loop: number;
  /** The logged command line, verbatim. */
  command: string;
  /** 1-based line of the `Running:` line in the log. */
  line: number;
  result: FioResult;
}

/** A legacy log: its `KEY=VALUE` header and every run. */
export interface LegacyLog {
  header: Readonly<Record<string, string>>;
  runs: LegacyRun[];
  /** Every run's warnings, in log order. */
  warnings: ParseWarning[];
}
