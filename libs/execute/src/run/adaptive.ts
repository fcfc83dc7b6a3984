import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { coefficientOfVariation, readRunManifest, runDir, type RunState } from '@sharebench/core';
import type { AdaptiveRepeats } from '../campaign/types.js';
import type { PlannedRun } from '../plan/build-plan.js';
import { primaryMetric } from './primary-metric.js';

/** Where a cell stands: its runs so far, the ones with a number, their cv, and whether it is done. */
export interface CellVerdict {
  /** Runs of the cell that ran (ok or not). */
  runs: number;
  /** Of them, runs that gave a primary metric. */
  samples: number;
  cv: number | null;
  /** At least `min` samples and cv < the target: the cell's other planned runs are not needed. */
  converged: boolean;
}

/**
 * Adaptive repeats' bookkeeping: each cell's primary-metric samples, from the runs of this
 * invocation and those found done. A cell converges once it has `min` samples whose coefficient
 * of variation is under `cv`; failed runs count against `max` (the plan) but give no sample.
 */
export class AdaptiveCells {
  private readonly samples = new Map<string, number[]>();
  private readonly runs = new Map<string, number>();

  constructor(readonly rule: AdaptiveRepeats) {}

  static cellOf(run: Pick<PlannedRun, 'env' | 'job'>): string {
    return `${run.env}/${run.job.name}`;
  }

  /** Adds one run of `cell`: its primary metric, or null when it gave none. */
  add(cell: string, value: number | null): void {
    this.runs.set(cell, (this.runs.get(cell) ?? 0) + 1);
    if (value === null) return;
    const xs = this.samples.get(cell);
    if (xs) xs.push(value);
    else this.samples.set(cell, [value]);
  }

  verdict(cell: string): CellVerdict {
    const xs = this.samples.get(cell) ?? [];
    const cv = coefficientOfVariation(xs);
    return { runs: this.runs.get(cell) ?? 0, samples: xs.length, cv, converged: xs.length >= this.rule.min && cv !== null && cv < this.rule.cv };
  }

  /** "n=4, cv 2.1% < 5%" */
  describe(cell: string): string {
    const v = this.verdict(cell);
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    return `n=${v.runs}${v.samples !== v.runs ? ` (${v.samples} with a number)` : ''}, cv ${v.cv === null ? 'n/a' : pct(v.cv)} < ${pct(this.rule.cv)}`;
  }

  /** Reads the samples of the runs found done (completed ones, from their run.json and fio output). */
  async load(dataset: string, runs: readonly PlannedRun[], done: ReadonlyMap<string, RunState>): Promise<void> {
    for (const r of runs) {
      const state = done.get(r.id);
      if (state === undefined || state === 'skipped' || state === 'unsupported') continue;
      const dir = join(dataset, runDir(r.env, r.job.name, r.repeat));
      let value: number | null = null;
      if (state === 'completed') {
        const read = await readRunManifest(dataset, r.env, r.job.name, r.repeat);
        const m = read.found === 'read' ? read.manifest : null;
        const out = m?.stdout_file ? await readFile(join(dir, m.stdout_file), 'utf8').catch(() => null) : null;
        value = out === null ? null : primaryMetric(out);
      }
      this.add(AdaptiveCells.cellOf(r), value);
    }
  }
}
