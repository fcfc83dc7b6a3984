import type { ParseWarning } from '@sharebench/core';
import { FioFormat, type FioResult } from '../types.js';
import { warning } from '../messages.js';
import { failedDirections } from '../records/failed-directions.js';
import { failedRecord } from '../records/failed-record.js';

const FIO_ERROR = /^fio: .*\berr=\s*(\d+)/;
const JOB_BLOCK_ERROR = /^.+: \(groupid=\d+, jobs=\d+\): err=\s*(\d+)/;
const JOB_HEADER = /^(.+): \(g=\d+\): rw=\w+,/;
const FIO_VERSION = /^fio-\d+\.\d+\S*$/;

/** Where a legacy block without a terse line is, and what its normal output says. */
export interface FailedBlock {
  /** The job as the job file names it. */
  job: string;
  lines: readonly string[];
  /** The `rw=` of each job named in the block's header lines. */
  rw: ReadonlyMap<string, string>;
  source: string;
  /** 1-based line of the block's `Running:` line. */
  line: number;
}

/**
 * The result of a legacy block that has no terse line: fio stopped before printing results. It
 * is one failed record per direction of the job (see failedDirections: fio's `rw=` header line,
 * else the job file name), so the loop shows up as a failure instead of disappearing.
 * errno comes from a `fio: ... err=N` line, else from the per-job `err= N`; when fio printed
 * neither (an option or engine error before any job ran), errno is 0: the record is failed
 * because fio produced no result, not because of an errno.
 */
export function failedLegacyResult(block: FailedBlock): FioResult {
  let errno: number | null = null;
  let blockErrno: number | null = null;
  let jobname = block.job;
  let fioVersion: string | null = null;
  for (const line of block.lines) {
    const fioError = FIO_ERROR.exec(line);
    if (fioError && errno === null) errno = Number(fioError[1]);
    const blockError = JOB_BLOCK_ERROR.exec(line);
    if (blockError && blockErrno === null) blockErrno = Number(blockError[1]);
    const header = JOB_HEADER.exec(line);
    if (header && jobname === block.job) jobname = header[1]!;
    if (fioVersion === null && FIO_VERSION.test(line)) fioVersion = line;
  }
  const code = errno ?? blockErrno ?? 0;
  const rw = block.rw.get(jobname);
  // The job file's name is the job's name in the seed's logs; fio's own name for it comes second.
  const byFile = failedDirections({ rw, rwDefaulted: false, jobname: block.job, didIo: [], printed: ['read', 'write'], mixed: 'none' });
  const failed = byFile.unknown ? failedDirections({ rw, rwDefaulted: false, jobname, didIo: [], printed: ['read', 'write'], mixed: 'none' }) : byFile;
  const warnings: ParseWarning[] = [];
  if (failed.unknown) {
    const message = warning.directionUnknown(jobname, code, failed.directions);
    warnings.push({ file: block.source, line: block.line, field: 'Running', value: block.job, message });
  }
  const identity = { jobname, groupid: 0, hostname: null, options: {}, entries: 1, numjobs: 1 };
  return {
    format: FioFormat.legacy,
    fioVersion,
    timestampMs: null,
    globalOptions: {},
    records: failed.directions.map((d) => failedRecord(identity, d, code)),
    warnings,
  };
}
