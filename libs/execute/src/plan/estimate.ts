import { jobWorkMs } from '../campaign/job-work.js';
import type { PlannedRun } from './build-plan.js';
import type { EnvSpec } from '@sharebench/provision';

/** Rough costs measured on a 2-core machine under TCG (bench:overhead, bench:vm). */
const PER_RUN_OVERHEAD_MS = 700;
const GUEST_BOOT_MS = 4000;

/**
 * Expected wall time of runs, ms: each run's work (fio runtime, or a metadata or tree job's file
 * operations at their TCG cost; see jobWorkMs) plus the harness's and fio's own per-run cost, plus
 * one boot per guest environment. Unsupported environments cost nothing.
 */
export function estimateMs(runs: readonly PlannedRun[], envs: readonly EnvSpec[], unsupported: ReadonlySet<string> = new Set()): number {
  const live = runs.filter((r) => !unsupported.has(r.env));
  const guests = envs.filter((e) => e.kind !== 'host' && !unsupported.has(e.name) && live.some((r) => r.env === e.name)).length;
  const host = new Set(envs.filter((e) => e.kind === 'host').map((e) => e.name));
  // File operations on the host cost a fraction of a guest's under TCG: count them as free there.
  const work = (r: PlannedRun) => (r.job.kind !== 'io' && host.has(r.env) ? 0 : jobWorkMs(r.job));
  return live.reduce((s, r) => s + work(r) + PER_RUN_OVERHEAD_MS, 0) + guests * GUEST_BOOT_MS;
}
