import { devloopCounts, treeEntries, type DevloopOp, type DevloopSpec } from '@sharebench/core';
import type { JobSpec } from './types.js';

/**
 * What one file operation (a create, stat, delete, or one entry of a tree operation) costs a guest
 * under TCG on a 2-core machine, ms, on average over the kinds and with the per-run preparation:
 * data/smallfiles ran in 5m06s here against an estimate of 5m52s. A walk's entries cost a few ms,
 * an untar's 20 to 80 (the latter with other guests on the cores); KVM and the host are one to
 * three orders of magnitude faster.
 */
const TCG_MS_PER_FILE_OP = 20;

/**
 * The work a run of `job` does before it is done, ms: an I/O job's runtime; a metadata or tree
 * job's operations at the TCG cost of one; a developer loop's files and tool starts.
 */
export function jobWorkMs(job: JobSpec): number {
  switch (job.kind) {
    case 'io':
      return job.runtime_ms;
    case 'meta':
      return job.nrfiles * job.numjobs * TCG_MS_PER_FILE_OP;
    case 'tree':
      return treeEntries(job.tree).entries * TCG_MS_PER_FILE_OP;
    case 'devloop':
      return devloopWorkMs(job.workload, job.devloop);
  }
}

/**
 * A tool's start under TCG, ms: git or sqlite3 loading and binding its libraries (one to two
 * seconds per git command in a guest on two shared cores, as measured here).
 */
const TCG_MS_PER_TOOL_START = 1500;

// What a developer-loop run does, untimed preparation included: the files its operation handles at
// the TCG cost of one, a tool start or two, and (git) extracting the repository again after an
// operation that changed it.
function devloopWorkMs(op: DevloopOp, spec: DevloopSpec): number {
  const c = devloopCounts(spec);
  const extract = (c.repoFiles + 20) * TCG_MS_PER_FILE_OP;
  switch (op) {
    case 'git-status-cold':
    case 'git-status-warm':
      return 2 * TCG_MS_PER_TOOL_START + 2 * c.repoFiles * TCG_MS_PER_FILE_OP;
    case 'git-diff':
    case 'git-checkout':
      return 2 * TCG_MS_PER_TOOL_START + extract + c.repoFiles * TCG_MS_PER_FILE_OP;
    case 'git-commit':
      return 3 * TCG_MS_PER_TOOL_START + extract + (c.repoFiles + c.commitPaths) * TCG_MS_PER_FILE_OP;
    case 'npm-install':
      return c.installFiles * TCG_MS_PER_FILE_OP;
    case 'npm-rm':
      return 2 * c.modulesEntries * TCG_MS_PER_FILE_OP;
    case 'sqlite-insert':
      return 2 * TCG_MS_PER_TOOL_START + (spec.sqlite.transactions + c.rows / 10) * TCG_MS_PER_FILE_OP;
  }
}

/**
 * The per-run limit when a campaign sets none, at least two minutes: an I/O job's runtime three
 * times plus a minute; a metadata or tree job's work five times plus a minute, because the limit
 * also covers its untimed preparation (a walk may have to extract the tree first) and an untar's
 * entries can cost four times the average.
 */
export function defaultTimeoutMs(jobs: readonly JobSpec[]): number {
  const limit = (j: JobSpec) => (j.kind === 'io' ? 3 : 5) * jobWorkMs(j) + 60_000;
  return Math.max(120_000, ...jobs.map(limit));
}
