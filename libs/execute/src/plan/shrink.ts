import type { Campaign } from '../campaign/types.js';

export interface Shrink {
  repeats?: number;
  runtimeMs?: number;
  sizeBytes?: number;
}

/** Applies `--repeats` (a fixed number, adaptive or not before), `--runtime`, `--size` to every job: a smaller campaign of the same shape. */
export function shrinkCampaign(c: Campaign, s: Shrink): Campaign {
  const jobs = c.jobs.map((j) => ({
    ...j,
    ...(s.runtimeMs !== undefined ? { runtime_ms: s.runtimeMs } : {}),
    ...(s.sizeBytes !== undefined ? { size_bytes: s.sizeBytes } : {}),
  }));
  const longest = Math.max(...jobs.map((j) => j.runtime_ms));
  return {
    ...c,
    jobs,
    repeats: s.repeats ?? c.repeats,
    timeoutMs: s.runtimeMs !== undefined ? Math.max(120_000, 3 * longest + 60_000) : c.timeoutMs,
  };
}
