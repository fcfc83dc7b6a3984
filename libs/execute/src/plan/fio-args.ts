import { formatSizeForFio } from '@sharebench/core';
import type { JobSpec } from '../campaign/types.js';

/**
 * The fio argv of a job (the environment adds --directory and --output-format). All jobs of an
 * environment share the same files (`sharebench.<jobnum>.<filenum>`): the seed's 4 files, laid out
 * once and reused, so layout never lands inside a measurement.
 */
export function fioArgs(job: JobSpec): string[] {
  const args = [
    `--name=${job.name}`,
    `--rw=${job.rw}`,
    `--bs=${formatSizeForFio(job.blocksize_bytes)}`,
    `--iodepth=${job.iodepth}`,
    `--ioengine=${job.ioengine}`,
    `--size=${formatSizeForFio(job.size_bytes)}`,
    `--numjobs=${job.numjobs}`,
    `--runtime=${job.runtime_ms}ms`,
    `--direct=${job.direct ? 1 : 0}`,
    '--filename_format=sharebench.$jobnum.$filenum',
  ];
  if (job.rw === 'randrw' || job.rw === 'rw') args.push(`--rwmixread=${job.rwmixread}`);
  if (job.numjobs > 1) args.push('--group_reporting');
  if (job.timeBased) args.push('--time_based');
  return [...args, ...job.extra];
}
