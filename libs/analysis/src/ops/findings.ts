import { Direction, RunStatus, WORKLOADS } from '@sharebench/core';
import type { SpeedupRow } from '../schema.js';
import { geometricMeanRatio, type GeometricMeanRatio } from '../stats/geometric-mean-ratio.js';
import { acrossHosts, type AcrossHostsFinding } from './across-hosts.js';

/**
 * What each value of the speedups table's `pair` column compares. Families are whatever values
 * the table holds: a value missing here is still a family, titled by its name.
 */
export const PAIR_FAMILIES: Readonly<Record<string, string>> = {
  fs: 'virtio-fs vs 9p of the same cache class, and vs network filesystems',
  dax: 'DAX vs the same configuration without DAX',
  daemon: 'the Rust virtiofsd vs the C one, same cache class',
  qemu: 'a newer QEMU vs an older one, all else equal',
  kernel: 'a newer guest kernel vs an older one, all else equal',
  host: 'each configuration vs the host',
  explicit: 'comparisons asked for (--pair)',
};
const FAMILY_ORDER = ['fs', 'dax', 'daemon', 'qemu', 'kernel', 'host', 'explicit'];
const DIRECTION_ORDER: readonly string[] = Object.values(Direction);

/** The answer a set of cells gives, from the geometric mean's CI (or the one cell's). */
export type Verdict = 'faster' | 'slower' | 'no clear difference' | 'no CI' | 'no data';

/** Cells counted by what their own 95% CI says; only significant differences are wins or losses. */
export interface Tally {
  /** Significant, candidate faster (ratio CI above 1). */
  faster: number;
  /** Significant, candidate slower (ratio CI below 1). */
  slower: number;
  /** The ratio's CI includes 1. */
  no_difference: number;
  /** A ratio without a CI (fewer than 2 ok repeats on a side). */
  no_ci: number;
  /** No ratio: a side failed or is unsupported. */
  not_measured: number;
}

/** The geometric mean ratio of some cells of one comparison (all of them, or one workload's). */
export interface ScopeFinding extends GeometricMeanRatio, Tally {
  /** `all`, a workload, or `<workload> · <direction>` for a workload that moves data both ways. */
  scope: string;
  workload: string | null;
  direction: string | null;
  verdict: Verdict;
}

/** One cell's ratio, for the largest effects. */
export interface CellEffect {
  job: string;
  direction: string;
  ratio: number;
  ratio_ci95_lo: number | null;
  ratio_ci95_hi: number | null;
  significant: boolean | null;
}

/** Cells without a ratio that share a side and a reason. */
export interface NotMeasured {
  status: string;
  /** The env that has no numbers. */
  env: string;
  reason: string;
  /** `<job> <direction>` of each cell. */
  cells: string[];
}

/** candidate ÷ baseline over every cell the two share. */
export interface ComparisonFinding {
  family: string;
  candidate: string;
  baseline: string;
  /** fio client/server: the server; null locally. */
  hostname: string | null;
  /** The machine it was measured on (a merged dataset has one comparison per host); null when not recorded. */
  host_id: string | null;
  overall: ScopeFinding;
  by_workload: ScopeFinding[];
  /** Up to three cells farthest from 1 (significant ones; all with a ratio when none has a CI). */
  largest: CellEffect[];
  /** The cell farthest from 1 the other way from the overall verdict, when one is significant and not in `largest`. */
  largest_against: CellEffect | null;
  not_measured: NotMeasured[];
}

export interface FamilyFinding {
  family: string;
  title: string;
  comparisons: ComparisonFinding[];
  /** Every cell of every comparison together, when the family has more than one. */
  pooled: ScopeFinding | null;
}

export interface Findings {
  /** The compared summary metric (speedups' `metric`). */
  metric: string;
  families: FamilyFinding[];
  /** The machines the comparisons were measured on (host_id), in the order met; empty when none was recorded. */
  hosts: string[];
  /** Two or more hosts: each comparison per host and pooled across hosts with the between-host spread (across-hosts.ts). */
  across_hosts: AcrossHostsFinding[];
}

/**
 * Conclusions from the speedups table: per comparison family (its `pair` value) and per
 * comparison (candidate ÷ baseline), the geometric mean ratio over cells (job x direction) with a
 * 95% CI on the log scale (geometricMeanRatio), the same per workload, cells counted as faster /
 * slower / no difference by their own CI, the largest effects, and the cells with no ratio and why.
 * A dataset of several hosts (a merge) has each comparison once per host, and `across_hosts`.
 */
export function findings(speedups: readonly SpeedupRow[]): Findings {
  const byFamily = new Map<string, Map<string, SpeedupRow[]>>();
  for (const s of speedups) {
    const comparisons = byFamily.get(s.pair) ?? new Map<string, SpeedupRow[]>();
    byFamily.set(s.pair, comparisons);
    const key = [s.candidate, s.baseline, s.hostname ?? '', s.host_id ?? ''].join('\u0000');
    comparisons.set(key, [...(comparisons.get(key) ?? []), s]);
  }
  const families = [...byFamily.keys()].sort((a, b) => rank(FAMILY_ORDER, a) - rank(FAMILY_ORDER, b));
  const hosts = [...new Set(speedups.map((s) => s.host_id ?? null).filter((h): h is string => h !== null))];
  return {
    metric: speedups[0]?.metric ?? 'bw_bytes',
    hosts,
    across_hosts: hosts.length > 1 ? acrossHosts(speedups) : [],
    families: families.map((family) => {
      const groups = [...byFamily.get(family)!.values()];
      const comparisons = groups.map((rows) => comparison(family, rows));
      return {
        family,
        title: PAIR_FAMILIES[family] ?? `pair = ${family}`,
        comparisons,
        pooled: groups.length > 1 ? scope('all', null, null, groups.flat()) : null,
      };
    }),
  };
}

function comparison(family: string, rows: readonly SpeedupRow[]): ComparisonFinding {
  const first = rows[0]!;
  const overall = scope('all', null, null, rows);
  const workloads = orderBy(rows.map((r) => r.workload), WORKLOADS);
  const by_workload = workloads.flatMap((workload) => {
    const inWorkload = rows.filter((r) => r.workload === workload);
    const directions = orderBy(inWorkload.map((r) => r.direction), DIRECTION_ORDER);
    if (directions.length === 1) return [scope(workload, workload, null, inWorkload)];
    return directions.map((d) => scope(`${workload} · ${d}`, workload, d, inWorkload.filter((r) => r.direction === d)));
  });
  const measured = rows.filter(hasRatio);
  const anyCi = measured.some((r) => r.significant !== null);
  const ranked = measured
    .filter((r) => (anyCi ? r.significant === true : true))
    .sort((a, b) => Math.abs(Math.log(b.ratio!)) - Math.abs(Math.log(a.ratio!)));
  const largest = ranked.slice(0, 3);
  const against = overall.ratio === null ? undefined : ranked.find((r) => r.significant === true && r.ratio! > 1 !== overall.ratio! > 1);
  return {
    family,
    candidate: first.candidate,
    baseline: first.baseline,
    hostname: first.hostname,
    host_id: first.host_id ?? null,
    overall,
    by_workload,
    largest: largest.map(effect),
    largest_against: against && !largest.includes(against) ? effect(against) : null,
    not_measured: notMeasured(rows),
  };
}

function scope(label: string, workload: string | null, direction: string | null, rows: readonly SpeedupRow[]): ScopeFinding {
  const measured = rows.filter(hasRatio);
  const gm = geometricMeanRatio(measured.map((r) => r.ratio!));
  const tally: Tally = {
    faster: measured.filter((r) => r.significant === true && r.ratio! > 1).length,
    slower: measured.filter((r) => r.significant === true && r.ratio! < 1).length,
    no_difference: measured.filter((r) => r.significant === false).length,
    no_ci: measured.filter((r) => r.significant === null).length,
    not_measured: rows.length - measured.length,
  };
  return { scope: label, workload, direction, ...gm, ...tally, verdict: verdict(gm, measured) };
}

function verdict(gm: GeometricMeanRatio, measured: readonly SpeedupRow[]): Verdict {
  if (gm.ratio === null) return 'no data';
  if (gm.ci95_lo !== null && gm.ci95_hi !== null) return gm.ci95_lo > 1 ? 'faster' : gm.ci95_hi < 1 ? 'slower' : 'no clear difference';
  // One cell: the verdict is its own CI's.
  const only = measured[0]!;
  if (only.significant === null) return 'no CI';
  return only.significant ? (only.ratio! > 1 ? 'faster' : 'slower') : 'no clear difference';
}

const hasRatio = (r: SpeedupRow): boolean => r.status === RunStatus.ok && r.ratio !== null && r.ratio > 0;

const effect = (r: SpeedupRow): CellEffect => ({
  job: r.job,
  direction: r.direction,
  ratio: r.ratio!,
  ratio_ci95_lo: r.ratio_ci95_lo,
  ratio_ci95_hi: r.ratio_ci95_hi,
  significant: r.significant,
});

// speedups writes "<env> has no bandwidth for <job> <direction>: <N of M runs not ok: reason>";
// the env and the reason, without the counts, are what cells share.
const NO_RATIO = /^(.*?) has no \S+ for \S+ \S+: (?:\d+ of \d+ runs not ok: )?(.*)$/s;

function notMeasured(rows: readonly SpeedupRow[]): NotMeasured[] {
  const out = new Map<string, NotMeasured>();
  for (const r of rows) {
    if (hasRatio(r)) continue;
    const m = NO_RATIO.exec(r.error ?? '');
    const env = m ? m[1]! : '';
    const reason = m ? m[2]! : (r.error ?? r.status);
    const key = [r.status, env, reason].join('\u0000');
    const group = out.get(key) ?? { status: r.status, env, reason, cells: [] };
    group.cells.push(`${r.job} ${r.direction}`);
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
