import type { FioRunRequest } from '@sharebench/provision';
import type { IoJobSpec, MetaJobSpec } from '../campaign/types.js';

/** The subdirectory of the test directory a metadata job's files live in: `sharebench.<job>`. */
export function metaWorkdir(job: Pick<MetaJobSpec, 'name'>): string {
  return `sharebench.${job.name}`;
}

/**
 * How a run prepares its files before the timed fio run. I/O jobs: layout (skipped when the
 * files are there). filestat and filedelete: their workdir, then layout (filedelete's files are
 * gone after each run, so it lays them out again). filecreate: an emptied workdir and no layout,
 * because its timed run must create every file (fio's layout would create them, and then it
 * would measure opening files that exist).
 */
export function fioFiles(job: IoJobSpec | MetaJobSpec): Pick<FioRunRequest, 'workdir' | 'layout'> {
  if (job.kind === 'io') return {};
  const creates = job.workload === 'filecreate';
  return { workdir: { name: metaWorkdir(job), fresh: creates }, layout: !creates };
}
