import { treeEntries } from '@sharebench/core';
import type { JobSpec } from './types.js';

/**
 * What one file operation (a create, stat, delete, or one entry of a tree operation) costs a guest
 * under TCG on a 2-core machine, ms: measured with 9p and virtio-fs (9p loose untars at ~50 ms an
 * entry); KVM and the host are one to three orders of magnitude faster.
 */
const TCG_MS_PER_FILE_OP = 30;

/**
 * The work a run of `job` does before it is done, ms: an I/O job's runtime; a metadata or tree
 * job's operations (with its untimed layout or precondition, which can be as large) at the TCG
 * cost of one.
 */
export function jobWorkMs(job: JobSpec): number {
  switch (job.kind) {
    case 'io':
      return job.runtime_ms;
    case 'meta':
      return 2 * job.nrfiles * job.numjobs * TCG_MS_PER_FILE_OP;
    case 'tree':
      return 2 * treeEntries(job.tree).entries * TCG_MS_PER_FILE_OP;
  }
}

/** The per-run limit when a campaign sets none: three times the longest job's work plus a minute, at least two minutes. */
export function defaultTimeoutMs(jobs: readonly JobSpec[]): number {
  return Math.max(120_000, 3 * Math.max(0, ...jobs.map(jobWorkMs)) + 60_000);
}
