import { parseTreeResult, type DevloopSpec, type TreeResult, type TreeSpec } from '@sharebench/core';
import type { FioRunResult, Session } from '@sharebench/provision';
import type { MetaJobSpec, TreeJobSpec } from '../campaign/types.js';
import type { PlannedRun } from '../plan/build-plan.js';
import { fioArgs } from '../plan/fio-args.js';
import { fioFiles } from '../plan/fio-files.js';
import { runRecords } from './primary-metric.js';

/** A run's result and, under min_elapsed, how many times its planned work it did (null: not sized). */
export type ExecutedRun = FioRunResult & { workScale: number | null };

/** min_elapsed's memory within one campaign invocation: the scale each metadata cell's runs reached, so its later repeats start there. */
export class WorkSizing {
  private readonly scales = new Map<string, number>();

  get(cell: string): number {
    return this.scales.get(cell) ?? 1;
  }

  set(cell: string, scale: number): void {
    this.scales.set(cell, scale);
  }
}

// Bounds of min_elapsed's growth: a run never does more than this many times its planned work,
// nor a metadata job more files than this.
const MAX_SCALE = 1000;
const MAX_META_FILES = 200_000;
// Aim past the target, so that a run's own noise does not leave it just short and run it again.
const OVERSHOOT = 1.25;

/**
 * One planned run on an open session: a tree or developer-loop operation, or fio with its files
 * prepared as fioFiles says. `onTimedStart` is called just before each timed part starts. A job
 * with min_elapsed is sized by time: a metadata job shorter than it lays out more files and runs
 * again (the scale kept in `sizing` for the cell's later repeats); a tree operation is repeated,
 * caches dropped before each, until its timed parts add up to it.
 */
export async function executeRun(
  session: Session,
  run: PlannedRun,
  timeoutMs: number,
  signal: AbortSignal,
  onTimedStart?: () => void,
  sizing: WorkSizing = new WorkSizing(),
): Promise<ExecutedRun> {
  const job = run.job;
  if (job.kind === 'tree') {
    const once = () => session.runTree({ id: run.id, op: job.workload, timeoutMs, onTimedStart }, signal);
    return job.min_elapsed_ms === undefined ? { ...(await once()), workScale: null } : repeatTree(job, job.min_elapsed_ms, once);
  }
  if (job.kind === 'devloop') return { ...(await session.runDevloop({ id: run.id, op: job.workload, timeoutMs, onTimedStart }, signal)), workScale: null };
  const fio = (j: typeof job) => session.run({ id: run.id, args: fioArgs(j), timeoutMs, onTimedStart, ...fioFiles(j) }, signal);
  if (job.kind === 'io' || job.min_elapsed_ms === undefined) return { ...(await fio(job)), workScale: null };
  const cell = `${run.env}/${job.name}`;
  const target = job.min_elapsed_ms;
  let scale = sizing.get(cell);
  for (;;) {
    const result = await fio(scaledMeta(job, scale));
    const elapsed = result.state === 'completed' ? fioRuntimeMs(result.stdout) : null;
    const next = elapsed === null || elapsed >= target ? scale : nextScale(scale, elapsed, target, MAX_META_FILES / job.nrfiles);
    if (next === scale || signal.aborted) return { ...result, workScale: scale };
    scale = next;
    sizing.set(cell, scale);
  }
}

/** The tree an environment must be opened with for these runs (a campaign has one), or null when none operates on one. */
export function treeOf(runs: readonly PlannedRun[]): TreeSpec | null {
  for (const r of runs) if (r.job.kind === 'tree') return r.job.tree;
  return null;
}

function scaledMeta(job: MetaJobSpec, scale: number): MetaJobSpec {
  if (scale === 1) return job;
  const nrfiles = job.nrfiles * scale;
  return { ...job, nrfiles, size_bytes: nrfiles * job.filesize_bytes };
}

/** The run's timed part by fio: its longest job's runtime, whole ms; null without one. */
function fioRuntimeMs(stdout: string): number | null {
  const parsed = runRecords(stdout);
  if ('error' in parsed) return null;
  const times = parsed.records.map((r) => r.runtime_ms).filter((x): x is number => x !== null && Number.isFinite(x));
  return times.length === 0 ? null : Math.max(...times);
}

/** The scale that should reach `target` from `elapsed` at `scale`, at least one step up, within the bounds; `scale` itself when capped. */
function nextScale(scale: number, elapsed: number, target: number, maxByFiles: number): number {
  const cap = Math.max(1, Math.min(MAX_SCALE, Math.floor(maxByFiles)));
  const wanted = Math.ceil((scale * OVERSHOOT * target) / Math.max(elapsed, 1));
  return Math.min(cap, Math.max(scale + 1, wanted));
}

/**
 * Repeats a tree operation until its timed parts add up to `target` ms: one result whose entries
 * and elapsed_ms are the sums (each part timed to the microsecond, so the sum carries no rounding
 * of whole milliseconds), and the repetitions as its work scale. A repetition that does not
 * complete ends the run with its result.
 */
async function repeatTree(job: TreeJobSpec, target: number, once: () => Promise<FioRunResult>): Promise<ExecutedRun> {
  let [entries, elapsedMs, tickMs] = [0, 0, 0];
  let first: FioRunResult | undefined;
  let durationMs = 0;
  let prepareMs = 0;
  let dropped = true;
  let stderr = '';
  for (let loops = 1; ; loops++) {
    const r = await once();
    if (r.state !== 'completed' || r.exitCode !== 0) return { ...r, workScale: loops };
    const parsed = parseTreeResult(r.stdout, job.workload);
    if ('error' in parsed) return { ...r, workScale: loops };
    const head = (first ??= r);
    durationMs += r.durationMs;
    prepareMs += r.prepareMs;
    dropped &&= r.hostCacheDropped;
    stderr += r.stderr;
    const sum: TreeResult = {
      op: parsed.op,
      entries: entries + parsed.entries,
      elapsed_ms: elapsedMs + parsed.elapsed_ms,
      tick_ms: Math.max(tickMs, parsed.tick_ms),
    };
    [entries, elapsedMs, tickMs] = [sum.entries, sum.elapsed_ms, sum.tick_ms];
    if (sum.elapsed_ms >= target || loops >= MAX_SCALE) {
      const stdout = `${JSON.stringify({ ...sum, elapsed_ms: Math.round(sum.elapsed_ms * 1000) / 1000, loops })}\n`;
      return { ...head, stdout, stderr, durationMs, prepareMs, hostCacheDropped: dropped, workScale: loops };
    }
  }
}

/** The developer loops' workspace an environment must be opened with for these runs (a campaign has one), or null. */
export function devloopOf(runs: readonly PlannedRun[]): DevloopSpec | null {
  for (const r of runs) if (r.job.kind === 'devloop') return r.job.devloop;
  return null;
}
