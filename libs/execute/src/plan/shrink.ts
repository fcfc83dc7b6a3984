import { defaultTimeoutMs } from '../campaign/job-work.js';
import type { Campaign } from '../campaign/types.js';

export interface Shrink {
  repeats?: number;
  runtimeMs?: number;
  sizeBytes?: number;
}

/**
 * Applies `--repeats` (a fixed number, adaptive or not before) to the campaign and `--runtime`,
 * `--size` to every I/O job (metadata and tree jobs are sized by their files): a smaller campaign
 * of the same shape.
 */
export function shrinkCampaign(c: Campaign, s: Shrink): Campaign {
  const jobs = c.jobs.map((j) =>
    j.kind !== 'io'
      ? j
      : {
          ...j,
          ...(s.runtimeMs !== undefined ? { runtime_ms: s.runtimeMs } : {}),
          ...(s.sizeBytes !== undefined ? { size_bytes: s.sizeBytes } : {}),
        },
  );
  return {
    ...c,
    jobs,
    repeats: s.repeats ?? c.repeats,
    timeoutMs: s.runtimeMs !== undefined ? defaultTimeoutMs(jobs) : c.timeoutMs,
  };
}
