import { Direction, META_WORKLOADS, RunStatus, TREE_OPS, WORKLOADS } from '@sharebench/core';
import type { SpeedupRow } from '../schema.js';
import { Reason } from '../reasons.js';
import { benjaminiHochberg, twoSidedP } from '../stats/benjamini-hochberg.js';
import { PoolMethod, type Tau2Estimator } from '../stats/random-effects.js';
import { acrossHosts, type AcrossHostsFinding } from './across-hosts.js';
import { hasRatio, isPoolable, moreData, poolScope, type MoreData, type PooledScope } from './pool-scope.js';

/**
 * What each value of the speedups table's `family` column compares. Families are whatever values
 * the table holds: a value missing here is still a family, titled by its name.
 */
export const FAMILY_TITLES: Readonly<Record<string, string>> = {
  fs: 'virtio-fs vs 9p of the same cache class, and vs network filesystems',
  dax: 'DAX vs the same configuration without DAX',
  daemon: 'the Rust virtiofsd vs the C one, same cache class',
  qemu: 'a newer QEMU vs an older one, all else equal',
  kernel: 'a newer guest kernel vs an older one, all else equal',
  host: 'each configuration vs the host',
  explicit: 'comparisons asked for (--pair)',
};
const FAMILY_ORDER = ['fs', 'dax', 'daemon', 'qemu', 'kernel', 'host', 'explicit'];

/** The metrics speedups compare, in the order findings show them, with their words and units. */
export const FINDING_METRICS: Readonly<Record<string, { name: string; unit: string }>> = {
  bw_bytes: { name: 'bandwidth', unit: 'bytes/s' },
  ops_per_s: { name: 'operations per second', unit: 'ops/s' },
};
const METRIC_ORDER = Object.keys(FINDING_METRICS);
const DIRECTION_ORDER: readonly string[] = Object.values(Direction);
const SCOPE_ORDER: readonly string[] = [...WORKLOADS, ...META_WORKLOADS, ...TREE_OPS.map((op) => `tree-${op}`)];

/**
 * A CI that includes 1 and stays within 1/1.1 to 1.1 says "no difference larger than 10%": no
 * clear difference. One reaching past it cannot tell either way: too wide to tell.
 */
export const NEGLIGIBLE_RATIO = 1.1;

/**
 * The answer a set of cells gives: from the pooled CI (one cell: its own); `mixed` when two cells
 * disagree and their own verdicts do not agree, or when the CI includes 1 while some cells are
 * faster and others slower by their own; `too wide to tell` when the CI includes 1 and reaches
 * past 1/1.1 or 1.1; `no CI` when no cell has a standard error. A scope of one cell takes that
 * cell's verdict: `not significant after FDR` when its own CI excludes 1 but Benjamini-Hochberg
 * over the comparison's cells does not reject it (a workload row never says "slower" beside a cell
 * counted as "no significant difference").
 */
export type Verdict =
  | 'faster'
  | 'slower'
  | 'mixed'
  | 'no clear difference'
  | 'too wide to tell'
  | 'not significant after FDR'
  | 'no CI'
  | 'no data';

/** A cell's own verdict, with Benjamini-Hochberg across its comparison's cells. */
export type CellVerdict = 'faster' | 'slower' | 'no difference' | 'no CI';

/** Cells counted by their own verdicts (BH over the comparison's cells): only rejections are wins or losses. */
export interface Tally {
  /** BH rejection, candidate faster. */
  faster: number;
  /** BH rejection, candidate slower. */
  slower: number;
  /** Tested, not rejected. */
  no_difference: number;
  /** A ratio without a standard error (fewer than 2 ok repeats on a side, or zero spread): not a test. */
  no_ci: number;
  /** No ratio: a side failed, is unsupported, or has a mean of 0. */
  not_measured: number;
}

/** The pooled ratio of some cells of one comparison (all of them, or one workload's). */
export interface ScopeFinding extends PooledScope, Tally {
  /** `all`, a workload (`tree-walk` for tree operations), or `<workload> · <direction>` for a workload that moves data both ways. */
  scope: string;
  workload: string | null;
  direction: string | null;
  /** Cells with a ratio (k of them pooled). */
  cells: number;
  verdict: Verdict;
  /** When two cells disagree: the two, shown instead of a pooled CI. */
  shown_cells: CellEffect[];
  /** Verdict `too wide to tell`: how much more data would tell it. */
  more_data: MoreData | null;
}

/** One cell's ratio and its own verdict. */
export interface CellEffect {
  job: string;
  direction: string;
  ratio: number;
  ratio_ci95_lo: number | null;
  ratio_ci95_hi: number | null;
  /** BH-adjusted p-value over the comparison's cells; null when the cell is not a test. */
  q_value: number | null;
  verdict: CellVerdict;
  below_resolution: boolean | null;
}

/** Cells that share a side, a reason code and its words: not measured, or measured without an interval. */
export interface CellGroup {
  status: string;
  /** The speedups' reason code (reasons.ts). */
  reason: string;
  /** The env the reason is about; null when about both sides. */
  env: string | null;
  /** The reason in words, as the speedups table gives it for the group's first cell (shown, never parsed). */
  detail: string | null;
  /** `<job> <direction>` of each cell. */
  cells: string[];
}

/** candidate ÷ baseline over every cell of one metric the two share. */
export interface ComparisonFinding {
  family: string;
  metric: string;
  candidate: string;
  baseline: string;
  /** fio client/server: the server; null locally. */
  hostname: string | null;
  /** The machine it was measured on (a merged dataset has one comparison per host); null when not recorded. */
  host_id: string | null;
  overall: ScopeFinding;
  by_workload: ScopeFinding[];
  /** The Benjamini-Hochberg family: this comparison's cells with a p-value (m), at false discovery rate alpha. */
  fdr: { alpha: number; m: number };
  /** Up to three cells farthest from 1 among the BH rejections (all with a ratio when no cell is a test). */
  largest: CellEffect[];
  /** The rejection farthest from 1 the other way from the overall ratio, when not in `largest`. */
  largest_against: CellEffect | null;
  /** Cells without a ratio, by side and reason. */
  not_measured: CellGroup[];
  /** Cells with a ratio but no standard error (one repeat, zero spread, below the clock's resolution): not pooled, not tested. */
  not_pooled: CellGroup[];
  /** Pooled cells whose timed part was under 100 ticks of its clock (`<job> <direction>`): flagged. */
  below_resolution: string[];
}

export interface FamilyFinding {
  family: string;
  metric: string;
  /** The metric in words and its unit: `bandwidth`, `bytes/s`. */
  metric_name: string;
  unit: string | null;
  title: string;
  comparisons: ComparisonFinding[];
  /** Every cell of every comparison together, when the family has more than one. */
  pooled: ScopeFinding | null;
}

export interface Findings {
  /** The false discovery rate each comparison's cell verdicts control. */
  alpha: number;
  /** One per comparison family and metric (bandwidth first, then operations per second). */
  families: FamilyFinding[];
  /** The machines the comparisons were measured on (host_id), in the order met; empty when none was recorded. */
  hosts: string[];
  /** Two or more hosts: each comparison per host and pooled across hosts with the between-host spread (across-hosts.ts). */
  across_hosts: AcrossHostsFinding[];
}

export interface FindingsOptions {
  /** False discovery rate of the per-cell verdicts, per comparison; default 0.05. */
  alpha?: number;
  /** tau² estimator for random effects; default REML. */
  tau2_estimator?: Tau2Estimator;
}

/**
 * Conclusions from the speedups table, the one function behind the report, report.txt and
 * `sharebench findings`. Per comparison family (its `family` value) and metric, per comparison
 * (candidate ÷ baseline): the cells' ratios pooled as a meta-analysis pools studies (poolScope:
 * one cell its own CI, two the fixed effect, three or more random effects with REML tau², the HKSJ
 * CI and a prediction interval), overall and per workload; each cell's own verdict with the false
 * discovery rate controlled across the comparison's cells (Benjamini-Hochberg); the largest
 * effects; and the cells with no ratio, or no interval, by reason code.
 */
export function findings(speedups: readonly SpeedupRow[], options: FindingsOptions = {}): Findings {
  const alpha = options.alpha ?? 0.05;
  const byFamily = new Map<string, Map<string, SpeedupRow[]>>();
  for (const s of speedups) {
    const familyKey = [s.family, s.metric].join('\u0000');
    const comparisons = byFamily.get(familyKey) ?? new Map<string, SpeedupRow[]>();
    byFamily.set(familyKey, comparisons);
    const key = comparisonKey(s);
    comparisons.set(key, [...(comparisons.get(key) ?? []), s]);
  }
  const keys = [...byFamily.keys()].sort((a, b) => {
    const [fa, ma] = a.split('\u0000') as [string, string];
    const [fb, mb] = b.split('\u0000') as [string, string];
    return rank(FAMILY_ORDER, fa) - rank(FAMILY_ORDER, fb) || rank(METRIC_ORDER, ma) - rank(METRIC_ORDER, mb);
  });
  const hosts = [...new Set(speedups.map((s) => s.host_id ?? null).filter((h): h is string => h !== null))];
  return {
    alpha,
    hosts,
    across_hosts: hosts.length > 1 ? acrossHosts(speedups) : [],
    families: keys.map((key) => {
      const [family, metric] = key.split('\u0000') as [string, string];
      const groups = [...byFamily.get(key)!.values()];
      const verdicts = new Map<SpeedupRow, CellEffect>();
      const comparisons = groups.map((rows) => comparison(family, metric, rows, alpha, options, verdicts));
      const words = FINDING_METRICS[metric];
      return {
        family,
        metric,
        metric_name: words?.name ?? metric,
        unit: words?.unit ?? null,
        title: FAMILY_TITLES[family] ?? `family ${family}`,
        comparisons,
        pooled: groups.length > 1 ? scope('all', null, null, groups.flat(), verdicts, options) : null,
      };
    }),
  };
}

/** What makes two speedups rows cells of one comparison: the same candidate, baseline and fio server. */
export function comparisonKey(s: Pick<SpeedupRow, 'candidate' | 'baseline' | 'hostname' | 'host_id'>): string {
  return [s.candidate, s.baseline, s.hostname ?? '', s.host_id ?? ''].join('\u0000');
}

function comparison(
  family: string,
  metric: string,
  rows: readonly SpeedupRow[],
  alpha: number,
  options: FindingsOptions,
  verdicts: Map<SpeedupRow, CellEffect>,
): ComparisonFinding {
  const first = rows[0]!;
  const measured = rows.filter(hasRatio);
  const p = measured.map((r) => (isPoolable(r) ? twoSidedP(Math.log(r.ratio!), r.log_ratio_se, r.ratio_df) : null));
  const bh = benjaminiHochberg(p, alpha);
  measured.forEach((r, i) => verdicts.set(r, effect(r, bh.q_values[i]!, bh.rejected[i]!)));
  const overall = scope('all', null, null, rows, verdicts, options);
  const by_workload = orderBy(rows.map(scopeLabel), SCOPE_ORDER).flatMap((label) => {
    const inWorkload = rows.filter((r) => scopeLabel(r) === label);
    const workload = inWorkload[0]!.workload;
    const directions = orderBy(inWorkload.map((r) => r.direction), DIRECTION_ORDER);
    if (directions.length === 1) return [scope(label, workload, null, inWorkload, verdicts, options)];
    return directions.map((d) => scope(`${label} · ${d}`, workload, d, inWorkload.filter((r) => r.direction === d), verdicts, options));
  });
  const cells = measured.map((r) => verdicts.get(r)!);
  const anyTest = bh.m > 0;
  const ranked = cells
    .filter((c) => (anyTest ? c.verdict === 'faster' || c.verdict === 'slower' : true))
    .sort((a, b) => Math.abs(Math.log(b.ratio)) - Math.abs(Math.log(a.ratio)));
  const largest = ranked.slice(0, 3);
  const against =
    overall.ratio === null ? undefined : ranked.find((c) => (c.verdict === 'faster' || c.verdict === 'slower') && c.ratio > 1 !== overall.ratio! > 1);
  return {
    family,
    metric,
    candidate: first.candidate,
    baseline: first.baseline,
    hostname: first.hostname,
    host_id: first.host_id ?? null,
    overall,
    by_workload,
    fdr: { alpha, m: bh.m },
    largest,
    largest_against: against && !largest.includes(against) ? against : null,
    not_measured: groupCells(rows.filter((r) => !hasRatio(r)), (r) => r.reason ?? r.status),
    not_pooled: groupCells(measured.filter((r) => !isPoolable(r)), (r) => r.reason ?? (r.log_ratio_se === 0 ? Reason.zero_variance : Reason.one_sample)),
    below_resolution: measured.filter((r) => isPoolable(r) && r.below_resolution === true).map(cellName),
  };
}

function scope(
  label: string,
  workload: string | null,
  direction: string | null,
  rows: readonly SpeedupRow[],
  verdicts: ReadonlyMap<SpeedupRow, CellEffect>,
  options: FindingsOptions,
): ScopeFinding {
  const measured = rows.filter(hasRatio);
  const cells = measured.map((r) => verdicts.get(r)!);
  const tally: Tally = {
    faster: cells.filter((c) => c.verdict === 'faster').length,
    slower: cells.filter((c) => c.verdict === 'slower').length,
    no_difference: cells.filter((c) => c.verdict === 'no difference').length,
    no_ci: cells.filter((c) => c.verdict === 'no CI').length,
    not_measured: rows.length - measured.length,
  };
  const pooled = poolScope(rows, options);
  const own = measured.filter(isPoolable).map((r) => verdicts.get(r)!);
  const shown = pooled.disagree ? own : [];
  const v = verdict(pooled, measured.length, own);
  return {
    scope: label,
    workload,
    direction,
    ...pooled,
    ...tally,
    cells: measured.length,
    verdict: v,
    shown_cells: shown,
    more_data: v === 'too wide to tell' ? moreData(rows, pooled) : null,
  };
}

function verdict(p: PooledScope, measured: number, own: readonly CellEffect[]): Verdict {
  if (measured === 0) return 'no data';
  if (p.method === PoolMethod.no_cells) return 'no CI';
  const ways = new Set(own.map((c) => c.verdict).filter((x) => x === 'faster' || x === 'slower'));
  if (p.disagree) return ways.size === 1 && own.every((c) => c.verdict === own[0]!.verdict) ? (own[0]!.verdict as Verdict) : 'mixed';
  const excludesOne = p.ci95_lo! > 1 || p.ci95_hi! < 1;
  if (excludesOne && p.method === PoolMethod.single_cell && own.length === 1 && own[0]!.verdict === 'no difference') {
    return 'not significant after FDR';
  }
  if (p.ci95_lo! > 1) return 'faster';
  if (p.ci95_hi! < 1) return 'slower';
  // The pool includes 1 while some cells are surely faster and others surely slower.
  if (ways.size === 2) return 'mixed';
  return p.ci95_lo! >= 1 / NEGLIGIBLE_RATIO && p.ci95_hi! <= NEGLIGIBLE_RATIO ? 'no clear difference' : 'too wide to tell';
}

function effect(r: SpeedupRow, q: number | null, rejected: boolean | null): CellEffect {
  const v: CellVerdict = rejected === null ? 'no CI' : rejected ? (r.ratio! > 1 ? 'faster' : 'slower') : 'no difference';
  return {
    job: r.job,
    direction: r.direction,
    ratio: r.ratio!,
    ratio_ci95_lo: r.ratio_ci95_lo,
    ratio_ci95_hi: r.ratio_ci95_hi,
    q_value: q,
    verdict: v,
    below_resolution: r.below_resolution,
  };
}

const cellName = (r: SpeedupRow): string => `${r.job} ${r.direction}`;

/** Tree operations are labelled as their jobs are (`tree-walk`): their workloads (`read`, `delete`) would read as I/O. */
const scopeLabel = (r: SpeedupRow): string => (r.job === `tree-${r.workload}` ? r.job : r.workload);

function groupCells(rows: readonly SpeedupRow[], reasonOf: (r: SpeedupRow) => string): CellGroup[] {
  const out = new Map<string, CellGroup>();
  for (const r of rows) {
    const reason = reasonOf(r);
    const env = r.reason_env ?? null;
    const detail = r.error ?? null;
    const status = r.status === RunStatus.ok ? RunStatus.ok : r.status;
    // Grouped by codes and side; the words of the first cell stand for the group.
    const key = [status, reason, env ?? ''].join('\u0000');
    const group = out.get(key) ?? { status, reason, env, detail, cells: [] };
    group.cells.push(cellName(r));
    out.set(key, group);
  }
  return [...out.values()];
}

function rank(order: readonly string[], v: string): number {
  const i = order.indexOf(v);
  return i < 0 ? order.length : i;
}

function orderBy(values: readonly string[], preferred: readonly string[]): string[] {
  return [...new Set(values)].sort((a, b) => rank(preferred, a) - rank(preferred, b));
}
