import { readRunManifest, type RunState } from '@sharebench/core';
import type { PlannedRun } from '../plan/build-plan.js';

/**
 * States that end a run for good; an interrupted run is redone on resume, an unsupported one looked at again.
 * A skipped one (adaptive repeats) stands while its cell stays converged (run-campaign.ts decides).
 */
const FINAL: ReadonlySet<RunState> = new Set(['completed', 'failed', 'timedOut', 'skipped']);

/**
 * Runs of the plan whose run.json says they ended for good, with that state, and unsupported
 * runs whose environment is still unsupported for the same reason (one that became possible, on
 * another machine or after an upgrade, runs again).
 */
export async function doneRuns(dataset: string, runs: readonly PlannedRun[], unsupported: ReadonlyMap<string, string>): Promise<Map<string, RunState>> {
  const done = new Map<string, RunState>();
  for (const r of runs) {
    const read = await readRunManifest(dataset, r.env, r.job.name, r.repeat);
    if (read.found !== 'read') continue; // absent or unreadable: redo the run
    const m = read.manifest;
    if (FINAL.has(m.state) || (m.state === 'unsupported' && m.reason === unsupported.get(r.env))) done.set(r.id, m.state);
  }
  return done;
}
