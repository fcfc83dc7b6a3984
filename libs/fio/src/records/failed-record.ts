import type { Direction } from '@sharebench/core';
import type { FioRecord } from '../types.js';

/** Who a failed record belongs to. */
export interface FailedRecordIdentity {
  jobname: string;
  groupid: number;
  hostname: string | null;
  options: Readonly<Record<string, string>>;
  entries: number;
  numjobs: number;
}

/** A record for a job that failed: its errno, and every measurement null (a failure is not a 0). */
export function failedRecord(identity: FailedRecordIdentity, direction: Direction, errno: number): FioRecord {
  return {
    jobname: identity.jobname,
    groupid: identity.groupid,
    hostname: identity.hostname,
    direction,
    status: 'failed',
    errno,
    entries: identity.entries,
    numjobs: identity.numjobs,
    io_bytes: null,
    bw_bytes: null,
    iops: null,
    runtime_ms: null,
    total_ios: null,
    slat_mean_ns: null,
    clat_mean_ns: null,
    lat_mean_ns: null,
    clat_p50_ns: null,
    clat_p99_ns: null,
    clat_p999_ns: null,
    options: identity.options,
  };
}
