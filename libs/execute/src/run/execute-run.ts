import type { DevloopSpec, TreeSpec } from '@sharebench/core';
import type { FioRunResult, Session } from '@sharebench/provision';
import type { PlannedRun } from '../plan/build-plan.js';
import { fioArgs } from '../plan/fio-args.js';
import { fioFiles } from '../plan/fio-files.js';

/**
 * One planned run on an open session: a tree or developer-loop operation, or fio with its files
 * prepared as fioFiles says. `onTimedStart` is called just before the timed part starts.
 */
export function executeRun(session: Session, run: PlannedRun, timeoutMs: number, signal: AbortSignal, onTimedStart?: () => void): Promise<FioRunResult> {
  const job = run.job;
  if (job.kind === 'tree') return session.runTree({ id: run.id, op: job.workload, timeoutMs, onTimedStart }, signal);
  if (job.kind === 'devloop') return session.runDevloop({ id: run.id, op: job.workload, timeoutMs, onTimedStart }, signal);
  return session.run({ id: run.id, args: fioArgs(job), timeoutMs, onTimedStart, ...fioFiles(job) }, signal);
}

/** The tree an environment must be opened with for these runs (a campaign has one), or null when none operates on one. */
export function treeOf(runs: readonly PlannedRun[]): TreeSpec | null {
  for (const r of runs) if (r.job.kind === 'tree') return r.job.tree;
  return null;
}

/** The developer loops' workspace an environment must be opened with for these runs (a campaign has one), or null. */
export function devloopOf(runs: readonly PlannedRun[]): DevloopSpec | null {
  for (const r of runs) if (r.job.kind === 'devloop') return r.job.devloop;
  return null;
}
