/**
 * fio's JSON as it arrives: every key may be missing (section 12 of the format reference), and
 * a `nan` fio printed arrives as null after repair. Only the keys the parser reads are declared.
 */

export interface RawLatency {
  min?: number | null;
  max?: number | null;
  mean?: number | null;
  stddev?: number | null;
  N?: number | null;
  percentile?: Record<string, number | null>;
  bins?: Record<string, number>;
}

export interface RawDirection {
  io_bytes?: number | null;
  /** fio 2.21+: present exactly when io_bytes holds bytes (it held KiB before). */
  io_kbytes?: number | null;
  bw_bytes?: number | null;
  iops?: number | null;
  runtime?: number | null;
  total_ios?: number | null;
  slat_ns?: RawLatency;
  clat_ns?: RawLatency;
  lat_ns?: RawLatency;
  /** Before fio 2.99 (3.0): the same latencies in microseconds. */
  slat?: RawLatency;
  clat?: RawLatency;
  lat?: RawLatency;
}

export interface RawJob {
  jobname?: unknown;
  groupid?: number | null;
  error?: number | null;
  'job options'?: Record<string, string>;
  read?: RawDirection;
  write?: RawDirection;
  trim?: RawDirection;
  mixed?: RawDirection;
  /** Client/server mode only. */
  hostname?: string;
  port?: number;
}

/** fio's `global options`: an object locally; in client/server mode one object per server, with its hostname and port. */
export type RawGlobalOptions = Record<string, string> | Array<Record<string, string | number>>;

export interface RawDocument {
  'fio version'?: string;
  timestamp?: number | null;
  timestamp_ms?: number | null;
  'global options'?: RawGlobalOptions;
  jobs?: RawJob[];
  client_stats?: RawJob[];
}
