import { formatSizeForFio } from '@sharebench/core';
import type { IoJobSpec, MetaJobSpec } from '../campaign/types.js';
import { metaWorkdir } from './fio-files.js';

/**
 * The fio argv of a job (the environment adds --directory and --output-format). All I/O jobs of
 * an environment share the same files (`sharebench.<jobnum>.<filenum>`): the seed's 4 files, laid
 * out once and reused, so layout never lands inside a measurement. A metadata job's files are its
 * own, in its workdir (see fioFiles): `nrfiles` files a job, one operation each (bs = filesize).
 */
export function fioArgs(job: IoJobSpec | MetaJobSpec): string[] {
  if (job.kind === 'meta') {
    const size = formatSizeForFio(job.filesize_bytes);
    return [
      `--name=${job.name}`,
      `--ioengine=${job.workload}`,
      // fio counts the metadata engines' operations as reads.
      '--rw=read',
      `--bs=${size}`,
      `--filesize=${size}`,
      `--nrfiles=${job.nrfiles}`,
      '--openfiles=1',
      `--numjobs=${job.numjobs}`,
      `--filename_format=${metaWorkdir(job)}/f.$jobnum.$filenum`,
      ...(job.numjobs > 1 ? ['--group_reporting'] : []),
      ...job.extra,
    ];
  }
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
