import type { PlannedRun } from './build-plan.js';
import type { EnvSpec } from '@sharebench/provision';

/** Rough costs measured on a 2-core machine under TCG (bench:overhead, bench:vm). */
const PER_RUN_OVERHEAD_MS = 700;
const GUEST_BOOT_MS = 4000;

/**
 * Expected wall time of runs, ms: each run's fio runtime plus the harness's and fio's own per-run
 * cost, plus one boot per guest environment. Unsupported environments cost nothing.
 */
export function estimateMs(runs: readonly PlannedRun[], envs: readonly EnvSpec[], unsupported: ReadonlySet<string> = new Set()): number {
  const live = runs.filter((r) => !unsupported.has(r.env));
  const guests = envs.filter((e) => e.kind !== 'host' && !unsupported.has(e.name) && live.some((r) => r.env === e.name)).length;
  return live.reduce((s, r) => s + r.job.runtime_ms + PER_RUN_OVERHEAD_MS, 0) + guests * GUEST_BOOT_MS;
}
