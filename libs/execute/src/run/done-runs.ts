import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runDir, upgradeRunManifest, type RunState } from '@sharebench/core';
import type { PlannedRun } from '../plan/build-plan.js';

/** States that end a run for good; an interrupted run is redone on resume, an unsupported one looked at again. */
const FINAL: ReadonlySet<RunState> = new Set(['completed', 'failed', 'timedOut']);

/**
 * Runs of the plan whose run.json says they ended for good, and unsupported runs whose
 * environment is still unsupported for the same reason (one that became possible, on another
 * machine or after an upgrade, runs again).
 */
export async function doneRuns(dataset: string, runs: readonly PlannedRun[], unsupported: ReadonlyMap<string, string>): Promise<Set<string>> {
  const done = new Set<string>();
  for (const r of runs) {
    const path = join(dataset, runDir(r.env, r.job.name, r.repeat), 'run.json');
    const text = await readFile(path, 'utf8').catch(() => null);
    if (!text) continue;
    try {
      const m = upgradeRunManifest(JSON.parse(text));
      if (FINAL.has(m.state) || (m.state === 'unsupported' && m.reason === unsupported.get(r.env))) done.add(r.id);
    } catch {
      // unreadable: redo the run
    }
  }
  return done;
}
