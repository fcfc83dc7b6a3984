import { RunStatus } from '@sharebench/core';
import type { RunRow } from '../schema.js';
import { describeSamples } from '../stats/describe-samples.js';
import { ratioOfMeans } from '../stats/ratio-of-means.js';
import { holm } from '../stats/holm.js';
import { studentTCdf, studentTQuantile, t95 } from '../stats/student-t.js';
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

/**
 * The gate's error rate, one-sided: a cell's own 95% interval clearing the threshold is a test at
 * this level, and across the cells with an interval Holm's procedure keeps the chance of any
 * false regression in a comparison at it.
 */
export const COMPARE_ALPHA = 0.025;

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
  /**
   * One-sided p-value of a change beyond the threshold in the worse direction (H0: the true ratio
   * is at the threshold or better); below COMPARE_ALPHA exactly when the whole 95% interval is
   * beyond the threshold. Null without an interval.
   */
  p_regression: number | null;
  /** p_regression adjusted by Holm's procedure over the compared cells with an interval; the cell regresses when it is <= COMPARE_ALPHA. */
  p_regression_holm: number | null;
  /**
   * The smallest change this cell could gate on (a fraction): the threshold plus the interval's
   * half-width at the Bonferroni level over the cells with an interval (Holm's strictest step);
   * null without an interval.
   */
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
 * A cell's own test: its whole 95% interval lies on the wrong side of the threshold (bandwidth,
 * IOPS: above it the ratio is below 1 - threshold; latencies: the mirror), a one-sided test at
 * COMPARE_ALPHA, so a candidate must be outside the noise by more than the threshold. A comparison
 * tests every cell, and a seed-sized matrix has hundreds: at 2.5% each, an A/A comparison would
 * nearly always find one. So a cell regresses when Holm's procedure over the cells with an
 * interval rejects it, which keeps the chance of any false regression in the comparison at
 * COMPARE_ALPHA. Without an interval (fewer than 2 ok repeats) the threshold alone decides.
 * Improvements are the mirror image (Holm over the same cells). A cell ok in a baseline without an
 * ok run in the candidate fails. Rows come in the first baseline's order, then cells only the
 * other baselines have, then cells only the candidate has.
 */
export function compareToBaselines(baselines: ReadonlyArray<readonly RunRow[]>, candidate: readonly RunRow[], options: CompareOptions): CompareRow[] {
  if (baselines.length === 0) throw new RangeError('compareToBaselines: no baseline');
  const b = baselines.map(cells);
  const c = cells(candidate);
  const keys = [...new Set(b.flatMap((m) => [...m.keys()]))];
  const measured: Measured[] = [];
  for (const key of keys) measured.push(compareCell(b.map((m) => m.get(key) ?? null), c.get(key) ?? null, options));
  for (const [key, cell] of c) if (!keys.includes(key)) measured.push(compareCell(b.map(() => null), cell, options));
  return gate(measured, options);
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
  /** The log ratio's standard error and the t degrees of freedom behind the interval; null without one. */
  se: number | null;
  df: number | null;
  runToRunSd: number | null;
}

/** A cell before the gate: its row, and the one-sided tests when it has an interval. */
interface Measured {
  row: CompareRow;
  test: { pWorse: number; pBetter: number; se: number; df: number } | null;
}

function compareCell(bs: ReadonlyArray<Cell | null>, c: Cell | null, { metric, threshold }: CompareOptions): Measured {
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
    p_regression: null,
    p_regression_holm: null,
    detectable_change: null,
  };
  const present = bs.filter((x): x is Cell => x !== null);
  const untested = (row: CompareRow): Measured => ({ row, test: null });
  if (present.length === 0) return untested({ ...base, verdict: CompareVerdict.onlyInCandidate, reason: message.baselineHasNoCell() });
  if (!c) return untested({ ...base, verdict: CompareVerdict.onlyInBaseline, reason: message.candidateHasNoCell() });
  if (geometric === null) return untested({ ...base, verdict: CompareVerdict.noBaseline, reason: why(present[0]!, 'baseline', metric) });
  if (cs.mean === null) return untested({ ...base, verdict: CompareVerdict.failed, reason: why(c, 'candidate', metric) });
  const e = measured.length === 1 ? oneBaseline(cs, measured[0]!) : severalBaselines(cs, measured);
  const { higherIsBetter, worseEdge, betterEdge, beyond } = edges(metric, threshold);
  const significant = e.lo === null ? null : e.lo > 1 || e.hi! < 1;
  const row: CompareRow = {
    ...base,
    ratio: e.ratio,
    ratio_ci95_lo: e.lo,
    ratio_ci95_hi: e.hi,
    significant,
    run_to_run_sd: e.runToRunSd,
    verdict: CompareVerdict.unchanged,
    reason: null,
  };
  if (e.se === null) {
    // No interval: the threshold alone decides.
    const worse = beyond(e.ratio, worseEdge, true);
    const better = beyond(e.ratio, betterEdge, false);
    if (!worse && !better) return untested(row);
    return untested({ ...row, verdict: worse ? CompareVerdict.regression : CompareVerdict.improvement, reason: message.decidedByThreshold() });
  }
  // One-sided tests of a change beyond each edge, on the log scale: p < COMPARE_ALPHA exactly when
  // the 95% interval's end nearest to "no change" is itself beyond the edge.
  const d = Math.log(e.ratio);
  const worseSign = higherIsBetter ? 1 : -1;
  const pWorse = studentTCdf((worseSign * (d - Math.log(worseEdge))) / e.se, e.df!);
  const pBetter = studentTCdf((-worseSign * (d - Math.log(betterEdge))) / e.se, e.df!);
  return { row: { ...row, p_regression: pWorse }, test: { pWorse, pBetter, se: e.se, df: e.df! } };
}

function edges(metric: CompareMetric, threshold: number) {
  const higherIsBetter = COMPARE_METRICS[metric] === 'higher';
  const [worseEdge, betterEdge] = higherIsBetter ? [1 - threshold, 1 + threshold] : [1 + threshold, 1 - threshold];
  const beyond = (x: number, edge: number, worse: boolean) => ((worse ? higherIsBetter : !higherIsBetter) ? x < edge : x > edge);
  return { higherIsBetter, worseEdge, betterEdge, beyond };
}

/** The verdicts of the cells with an interval: Holm over them, each direction on its own. */
function gate(measured: readonly Measured[], { metric, threshold }: CompareOptions): CompareRow[] {
  const worse = holm(measured.map((x) => x.test?.pWorse ?? null), COMPARE_ALPHA);
  const better = holm(measured.map((x) => x.test?.pBetter ?? null), COMPARE_ALPHA);
  const m = worse.m;
  const { higherIsBetter, worseEdge, betterEdge, beyond } = edges(metric, threshold);
  return measured.map(({ row, test }, i) => {
    if (test === null) return row;
    const regressed = worse.rejected[i] === true;
    const improved = !regressed && better.rejected[i] === true;
    const verdict = regressed ? CompareVerdict.regression : improved ? CompareVerdict.improvement : CompareVerdict.unchanged;
    const ratio = row.ratio!;
    const change = Math.abs(ratio - 1);
    const pointBeyond = beyond(ratio, worseEdge, true) || beyond(ratio, betterEdge, false);
    const ownTest = Math.min(test.pWorse, test.pBetter) < COMPARE_ALPHA;
    const reason =
      verdict !== CompareVerdict.unchanged || !pointBeyond
        ? null
        : ownTest
          ? message.notAfterHolm(formatPercent(change), formatPercent(threshold), m)
          : row.significant === false
            ? message.changeWithinCiOfOne(formatPercent(change))
            : message.changeWithinThreshold(formatPercent(change), formatPercent(threshold));
    // The smallest change whose one-sided test would clear the threshold at Holm's strictest step.
    const halfWidth = test.se * studentTQuantile(1 - COMPARE_ALPHA / m, test.df);
    const detectable = higherIsBetter ? 1 - (1 - threshold) * Math.exp(-halfWidth) : (1 + threshold) * Math.exp(halfWidth) - 1;
    return { ...row, p_regression_holm: worse.adjusted[i]!, detectable_change: detectable, verdict, reason };
  });
}

type Side = ReturnType<typeof describeSamples>;

function oneBaseline(cs: Side, bs: Side): Estimate {
  const r = ratioOfMeans({ mean: cs.mean!, sd: cs.sd, n: cs.n }, { mean: bs.mean!, sd: bs.sd, n: bs.n });
  const interval = r.ci95_lo !== null;
  return { ratio: r.ratio, lo: r.ci95_lo, hi: r.ci95_hi, se: interval ? r.log_ratio_se : null, df: interval ? r.df : null, runToRunSd: null };
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
  if (!(se > 0)) return { ratio, lo: null, hi: null, se: null, df: null, runToRunSd: Math.sqrt(s2) };
  const moe = t95(k - 1) * se;
  return { ratio, lo: Math.exp(d - moe), hi: Math.exp(d + moe), se, df: k - 1, runToRunSd: Math.sqrt(s2) };
}

const formatPercent = (x: number): string => `${(x * 100).toPrecision(3)}%`;
