import { RunStatus } from '@sharebench/core';
import type { RunRow } from '../schema.js';
import { describeSamples } from '../stats/describe-samples.js';
import { ratioOfMeans } from '../stats/ratio-of-means.js';
import { t95 } from '../stats/student-t.js';
import { message } from '../messages.js';

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

/** One cell (env x job x direction x client host) of the baselines and the candidate side by side. */
export interface CompareRow {
  env: string;
  job: string;
  direction: string;
  hostname: string | null;
  metric: CompareMetric;
  /** The baselines' mean: one baseline's mean of its ok runs; several: the geometric mean of their means. */
  baseline_mean: number | null;
  candidate_mean: number | null;
  /** Ok runs with the metric: in the baseline (all baselines together), in the candidate. */
  baseline_n: number;
  candidate_n: number;
  /** Baseline datasets with a mean for the cell. */
  baselines: number;
  /** candidate mean / baseline mean. */
  ratio: number | null;
  /**
   * 95% interval of the ratio. One baseline: the repeats' (delta method, Welch df). Several: it
   * also holds the run-to-run spread of the baselines' means (t with baselines - 1 df).
   */
  ratio_ci95_lo: number | null;
  ratio_ci95_hi: number | null;
  /** The interval excludes 1; null without one (fewer than 2 ok repeats on a side, or no spread at all). */
  significant: boolean | null;
  /** Several baselines: the sd of ln(their means), about their run-to-run coefficient of variation; null with one. */
  run_to_run_sd: number | null;
  /** The smallest change this cell could gate on (a fraction): the threshold plus the interval's half-width; null without an interval. */
  detectable_change: number | null;
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
 * Matches the cells of a baseline and a candidate dataset (different hosts or code versions) by
 * env, job, direction and client host, and compares `metric` over their ok runs: the ratio of
 * means with its 95% CI (delta method, Welch df: ratioOfMeans). See compareToBaselines for the
 * verdicts; with one baseline, run-to-run noise is unknown and only the repeats' is in the CI.
 */
export function compareRuns(baseline: readonly RunRow[], candidate: readonly RunRow[], options: CompareOptions): CompareRow[] {
  return compareToBaselines([baseline], candidate, options);
}

/**
 * The regression gate over one or several baseline datasets (history, or A/A runs of the same
 * code on the same machine). Per cell, several baselines give run-to-run noise: the baselines'
 * means are k draws of what a dataset's mean does, so the candidate's log ratio to their geometric
 * mean has variance s²/k + tau² + v_c, s² the sample variance of ln(their means) (k - 1 df), tau²
 * = max(0, s² - the mean of their within-dataset variances v_j) the run-to-run part, v_c the
 * candidate's own; the 95% interval takes t(k - 1). One baseline: ratioOfMeans, the repeats only.
 *
 * A cell regresses when its whole interval lies on the wrong side of the threshold (bandwidth,
 * IOPS: above it the ratio is below 1 - threshold; latencies: the mirror), so a candidate must be
 * outside the noise by more than the threshold; without an interval (fewer than 2 ok repeats) the
 * threshold alone decides. Improvements are the mirror image. A cell ok in a baseline without an
 * ok run in the candidate fails. Rows come in the first baseline's order, then cells only the
 * other baselines have, then cells only the candidate has.
 */
export function compareToBaselines(baselines: ReadonlyArray<readonly RunRow[]>, candidate: readonly RunRow[], options: CompareOptions): CompareRow[] {
  if (baselines.length === 0) throw new RangeError('compareToBaselines: no baseline');
  const b = baselines.map(cells);
  const c = cells(candidate);
  const keys = [...new Set(b.flatMap((m) => [...m.keys()]))];
  const out: CompareRow[] = [];
  for (const key of keys) out.push(compareCell(b.map((m) => m.get(key) ?? null), c.get(key) ?? null, options));
  for (const [key, cell] of c) if (!keys.includes(key)) out.push(compareCell(b.map(() => null), cell, options));
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
  return message.sideHasNoMetric(side, metric, notOk);
}

interface Estimate {
  ratio: number;
  lo: number | null;
  hi: number | null;
  runToRunSd: number | null;
}

function compareCell(bs: ReadonlyArray<Cell | null>, c: Cell | null, { metric, threshold }: CompareOptions): CompareRow {
  const id = (bs.find((x) => x !== null) ?? c)!;
  const sides = bs.map((x) => describeSamples(samples(x, metric)));
  const measured = sides.filter((s) => s.mean !== null);
  const cs = describeSamples(samples(c, metric));
  const geometric =
    measured.length === 0 ? null : measured.length === 1 ? measured[0]!.mean : Math.exp(measured.reduce((a, s) => a + Math.log(s.mean!), 0) / measured.length);
  const base = {
    env: id.env,
    job: id.job,
    direction: id.direction,
    hostname: id.hostname,
    metric,
    baseline_mean: geometric,
    candidate_mean: cs.mean,
    baseline_n: sides.reduce((a, s) => a + s.n, 0),
    candidate_n: cs.n,
    baselines: measured.length,
    ratio: null,
    ratio_ci95_lo: null,
    ratio_ci95_hi: null,
    significant: null,
    run_to_run_sd: null,
    detectable_change: null,
  };
  const present = bs.filter((x): x is Cell => x !== null);
  if (present.length === 0) return { ...base, verdict: CompareVerdict.onlyInCandidate, reason: message.baselineHasNoCell() };
  if (!c) return { ...base, verdict: CompareVerdict.onlyInBaseline, reason: message.candidateHasNoCell() };
  if (geometric === null) return { ...base, verdict: CompareVerdict.noBaseline, reason: why(present[0]!, 'baseline', metric) };
  if (cs.mean === null) return { ...base, verdict: CompareVerdict.failed, reason: why(c, 'candidate', metric) };
  const e = measured.length === 1 ? oneBaseline(cs, measured[0]!) : severalBaselines(cs, measured);
  const higherIsBetter = COMPARE_METRICS[metric] === 'higher';
  const [worseEdge, betterEdge] = higherIsBetter ? [1 - threshold, 1 + threshold] : [1 + threshold, 1 - threshold];
  const beyond = (x: number, edge: number, worse: boolean) => ((worse ? higherIsBetter : !higherIsBetter) ? x < edge : x > edge);
  // The interval's end nearest to "no change" must itself be beyond the threshold.
  const nearWorse = e.lo === null ? e.ratio : higherIsBetter ? e.hi! : e.lo;
  const nearBetter = e.lo === null ? e.ratio : higherIsBetter ? e.lo : e.hi!;
  const worse = beyond(nearWorse, worseEdge, true);
  const better = beyond(nearBetter, betterEdge, false);
  const verdict = worse ? CompareVerdict.regression : better ? CompareVerdict.improvement : CompareVerdict.unchanged;
  const significant = e.lo === null ? null : e.lo > 1 || e.hi! < 1;
  const change = Math.abs(e.ratio - 1);
  const pointBeyond = beyond(e.ratio, worseEdge, true) || beyond(e.ratio, betterEdge, false);
  const reason =
    verdict === CompareVerdict.unchanged && pointBeyond
      ? significant === false
        ? message.changeWithinCiOfOne(formatPercent(change))
        : message.changeWithinThreshold(formatPercent(change), formatPercent(threshold))
      : verdict !== CompareVerdict.unchanged && e.lo === null
        ? message.decidedByThreshold()
        : null;
  // The smallest change whose whole interval would clear the threshold, at this interval's width.
  const halfWidth = e.lo === null ? null : Math.log(e.hi! / e.lo) / 2;
  const detectable = halfWidth === null ? null : higherIsBetter ? 1 - (1 - threshold) * Math.exp(-halfWidth) : (1 + threshold) * Math.exp(halfWidth) - 1;
  return {
    ...base,
    ratio: e.ratio,
    ratio_ci95_lo: e.lo,
    ratio_ci95_hi: e.hi,
    significant,
    run_to_run_sd: e.runToRunSd,
    detectable_change: detectable,
    verdict,
    reason,
  };
}

type Side = ReturnType<typeof describeSamples>;

function oneBaseline(cs: Side, bs: Side): Estimate {
  const r = ratioOfMeans({ mean: cs.mean!, sd: cs.sd, n: cs.n }, { mean: bs.mean!, sd: bs.sd, n: bs.n });
  return { ratio: r.ratio, lo: r.ci95_lo, hi: r.ci95_hi, runToRunSd: null };
}

/** Within-dataset variance of ln(mean) by the delta method; null with fewer than 2 samples. */
const logMeanVariance = (s: Side): number | null => (s.sd === null || s.n < 2 ? null : (s.sd / s.mean!) ** 2 / s.n);

function severalBaselines(cs: Side, bs: readonly Side[]): Estimate {
  const k = bs.length;
  const y = bs.map((s) => Math.log(s.mean!));
  const ybar = y.reduce((a, b) => a + b, 0) / k;
  const s2 = y.reduce((a, yi) => a + (yi - ybar) ** 2, 0) / (k - 1);
  const within = bs.map(logMeanVariance).filter((v): v is number => v !== null);
  const vbar = within.length === 0 ? 0 : within.reduce((a, b) => a + b, 0) / within.length;
  const tau2 = Math.max(0, s2 - vbar);
  // A candidate without its own spread is taken to repeat like the baselines.
  const vc = logMeanVariance(cs) ?? vbar;
  const d = Math.log(cs.mean!) - ybar;
  const se = Math.sqrt(s2 / k + tau2 + vc);
  const ratio = Math.exp(d);
  if (!(se > 0)) return { ratio, lo: null, hi: null, runToRunSd: Math.sqrt(s2) };
  const moe = t95(k - 1) * se;
  return { ratio, lo: Math.exp(d - moe), hi: Math.exp(d + moe), runToRunSd: Math.sqrt(s2) };
}

const formatPercent = (x: number): string => `${(x * 100).toPrecision(3)}%`;
