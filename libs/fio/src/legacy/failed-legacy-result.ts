import { parseJobName } from '@sharebench/core';
import { FioFormat, type FioResult } from '../types.js';
import { directionsOfRw } from '../records/directions-of-rw.js';
import { failedRecord } from '../records/failed-record.js';

const FIO_ERROR = /^fio: .*\berr=\s*(\d+)/;
const JOB_BLOCK_ERROR = /^.+: \(groupid=\d+, jobs=\d+\): err=\s*(\d+)/;
const JOB_HEADER = /^(.+): \(g=\d+\): rw=(\w+),/;
const FIO_VERSION = /^fio-\d+\.\d+\S*$/;

/**
 * The result of a legacy block that has no terse line: fio stopped before printing results. It
 * is one failed record per direction of the job (from fio's `rw=` header line, else the job file
 * name's workload, else read), so the loop shows up as a failure instead of disappearing.
 * errno comes from a `fio: ... err=N` line, else from the per-job `err= N`; when fio printed
 * neither (an option or engine error before any job ran), errno is 0: the record is failed
 * because fio produced no result, not because of an errno.
 */
export function failedLegacyResult(job: string, lines: readonly string[]): FioResult {
  let errno: number | null = null;
  let blockErrno: number | null = null;
  let jobname = job;
  let rw: string | undefined;
  let fioVersion: string | null = null;
  for (const line of lines) {
    const fioError = FIO_ERROR.exec(line);
    if (fioError && errno === null) errno = Number(fioError[1]);
    const blockError = JOB_BLOCK_ERROR.exec(line);
    if (blockError && blockErrno === null) blockErrno = Number(blockError[1]);
    const header = JOB_HEADER.exec(line);
    if (header && rw === undefined) {
      jobname = header[1]!;
      rw = header[2];
    }
    if (fioVersion === null && FIO_VERSION.test(line)) fioVersion = line;
  }
  const directions = directionsOfRw(rw) ?? directionsOfRw(parseJobName(job)?.workload) ?? ['read'];
  const identity = { jobname, groupid: 0, hostname: null, options: {}, entries: 1, numjobs: 1 };
  return {
    format: FioFormat.legacy,
    fioVersion,
    timestampMs: null,
    globalOptions: {},
    records: directions.map((d) => failedRecord(identity, d, errno ?? blockErrno ?? 0)),
  };
}
