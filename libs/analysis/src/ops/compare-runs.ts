import { RunStatus } from '@sharebench/core';
import type { RunRow } from '../schema.js';
import { describeSamples } from '../stats/describe-samples.js';
import { ratioOfMeans } from '../stats/ratio-of-means.js';

/** The run metrics `compare` can gate on, and which way is better. */
export const COMPARE_METRICS = {
  bw_bytes: 'higher',
  iops: 'higher',
  lat_mean_ns: 'lower',
  clat_mean_ns: 'lower',
  clat_p50_ns: 'lower',
  clat_p99_ns: 'lower',
  clat_p999_ns: 'lower',
} as const;
export type CompareMetric = keyof typeof COMPARE_METRICS;
export const isCompareMetric = (v: unknown): v is CompareMetric => typeof v === 'string' && Object.hasOwn(COMPARE_METRICS, v);

export const CompareVerdict = {
  regression: 'regression',
  improvement: 'improvement',
  unchanged: 'unchanged',
  /** ok in the baseline, no ok run in the candidate: gates like a regression. */
  failed: 'failed',
  /** No ok run in the baseline: nothing to compare against. */
  noBaseline: 'no baseline',
  onlyInBaseline: 'only in baseline',
  onlyInCandidate: 'only in candidate',
} as const;
export type CompareVerdict = (typeof CompareVerdict)[keyof typeof CompareVerdict];

/** Verdicts that make `compare` exit 1. */
export const GATING_VERDICTS: readonly CompareVerdict[] = [CompareVerdict.regression, CompareVerdict.failed];

export interface CompareOptions {
  metric: CompareMetric;
  /** Smallest change that counts, as a fraction: 0.05 = 5%. */
  threshold: number;
}

/** One cell (env x job x direction x client host) of two datasets side by side. */
export interface CompareRow {
  env: string;
  job: string;
  direction: string;
  hostname: string | null;
  metric: CompareMetric;
  baseline_mean: number | null;
  candidate_mean: number | null;
  baseline_n: number;
  candidate_n: number;
  /** candidate mean / baseline mean. */
  ratio: number | null;
  ratio_ci95_lo: number | null;
  ratio_ci95_hi: number | null;
  /** The ratio's CI excludes 1; null without a CI (fewer than 2 ok repeats on a side). */
  significant: boolean | null;
  verdict: CompareVerdict;
  reason: string | null;
}

interface Cell {
  env: string;
  job: string;
  direction: string;
  hostname: string | null;
  rows: RunRow[];
}

/**
 * Matches the cells of two datasets (different hosts or code versions) by env, job, direction
 * and client host, and compares `metric` over their ok runs: the ratio of means with its 95% CI
 * (delta method, Welch df: ratioOfMeans). A cell regresses when it moves the wrong way by more
 * than `threshold` (bandwidth, IOPS: ratio < 1 - threshold; latencies: ratio > 1 + threshold) and,
 * when both sides have 2+ ok repeats, its CI excludes 1; with fewer repeats the threshold alone
 * decides. Improvements are the mirror image. Rows come in the baseline's order, then cells only
 * the candidate has.
 */
export function compareRuns(baseline: readonly RunRow[], candidate: readonly RunRow[], options: CompareOptions): CompareRow[] {
  const b = cells(baseline);
  const c = cells(candidate);
  const out: CompareRow[] = [];
  for (const [key, cell] of b) out.push(compareCell(cell, c.get(key) ?? null, options));
  for (const [key, cell] of c) if (!b.has(key)) out.push(compareCell(null, cell, options));
  return out;
}

function cells(runs: readonly RunRow[]): Map<string, Cell> {
  const out = new Map<string, Cell>();
  for (const r of runs) {
    const key = [r.env, r.job, r.direction, r.hostname ?? ''].join('\u0000');
    const cell = out.get(key) ?? { env: r.env, job: r.job, direction: r.direction, hostname: r.hostname, rows: [] };
    cell.rows.push(r);
    out.set(key, cell);
  }
  return out;
}

function samples(cell: Cell | null, metric: CompareMetric): number[] {
  if (!cell) return [];
  return [...cell.rows]
    .sort((x, y) => x.repeat - y.repeat)
    .filter((r) => r.status === RunStatus.ok)
    .map((r) => r[metric])
    .filter((v): v is number => v !== null && Number.isFinite(v) && v > 0);
}

// Why a side has no number: its runs' reason, else their status.
function why(cell: Cell, side: string, metric: string): string {
  const notOk = cell.rows.find((r) => r.status !== RunStatus.ok);
  return `${side}: no ${metric} (${notOk ? `${notOk.status}${notOk.error ? `: ${notOk.error}` : ''}` : 'not recorded'})`;
}

function compareCell(b: Cell | null, c: Cell | null, { metric, threshold }: CompareOptions): CompareRow {
  const id = (b ?? c)!;
  const bs = describeSamples(samples(b, metric));
  const cs = describeSamples(samples(c, metric));
  const base = {
    env: id.env,
    job: id.job,
    direction: id.direction,
    hostname: id.hostname,
    metric,
    baseline_mean: bs.mean,
    candidate_mean: cs.mean,
    baseline_n: bs.n,
    candidate_n: cs.n,
    ratio: null,
    ratio_ci95_lo: null,
    ratio_ci95_hi: null,
    significant: null,
  };
  if (!b) return { ...base, verdict: CompareVerdict.onlyInCandidate, reason: 'the baseline has no such cell' };
  if (!c) return { ...base, verdict: CompareVerdict.onlyInBaseline, reason: 'the candidate has no such cell' };
  if (bs.mean === null) return { ...base, verdict: CompareVerdict.noBaseline, reason: why(b, 'baseline', metric) };
  if (cs.mean === null) return { ...base, verdict: CompareVerdict.failed, reason: why(c, 'candidate', metric) };
  const r = ratioOfMeans({ mean: cs.mean, sd: cs.sd, n: cs.n }, { mean: bs.mean, sd: bs.sd, n: bs.n });
  const estimate = { ratio: r.ratio, ratio_ci95_lo: r.ci95_lo, ratio_ci95_hi: r.ci95_hi, significant: r.significant };
  const higherIsBetter = COMPARE_METRICS[metric] === 'higher';
  const worse = higherIsBetter ? r.ratio < 1 - threshold : r.ratio > 1 + threshold;
  const better = higherIsBetter ? r.ratio > 1 + threshold : r.ratio < 1 - threshold;
  // Both sides repeated: the change must also be significant. Otherwise the threshold alone decides.
  const sure = r.significant !== false;
  const verdict = worse && sure ? CompareVerdict.regression : better && sure ? CompareVerdict.improvement : CompareVerdict.unchanged;
  const reason =
    (worse || better) && !sure
      ? `a ${formatPercent(Math.abs(r.ratio - 1))} change, but the 95% CI of the ratio includes 1`
      : verdict !== CompareVerdict.unchanged && r.significant === null
        ? 'decided by the threshold alone: fewer than 2 ok repeats on a side'
        : null;
  return { ...base, ...estimate, verdict, reason };
}

const formatPercent = (x: number): string => `${(x * 100).toPrecision(3)}%`;
