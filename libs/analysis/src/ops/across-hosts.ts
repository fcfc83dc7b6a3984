import { RunStatus } from '@sharebench/core';
import type { SpeedupRow } from '../schema.js';
import { poolRandomEffects, PoolMethod } from '../stats/random-effects.js';
import { Z95 } from '../stats/normal.js';
import { t95 } from '../stats/student-t.js';

/** One host's estimate of a comparison, over the cells every host measured. */
export interface HostEstimate {
  host_id: string;
  /** exp(mean ln ratio over the matched cells): the comparison's geometric mean ratio on this host. */
  ratio: number;
  log_ratio: number;
  /** sqrt(Σ se_i²) / k: the measurement error of that mean (the cells' own standard errors; the cells are the same on every host). */
  log_ratio_se: number;
  /** Satterthwaite df of Σ se_i² from the cells' Welch df; null when a cell has none (normal quantiles). */
  df: number | null;
  ci95_lo: number;
  ci95_hi: number;
}

/** A comparison across hosts: per host, then pooled with the between-host spread. */
export interface AcrossHostsFinding {
  family: string;
  candidate: string;
  baseline: string;
  /** fio client/server: the server; null locally. */
  hostname: string | null;
  metric: string;
  /** The cells (job · direction) with a ratio and a standard error on every host: what every estimate below is over. */
  cells: string[];
  /** Cells left out: measured on some hosts only, or without a standard error (fewer than 2 ok repeats, or zero spread) on one. */
  cells_left_out: number;
  hosts: HostEstimate[];
  /** Which pooled estimate stands: one host (its own), two or more: random effects (REML τ², ad hoc HKSJ CI with hosts - 1 df). */
  method: PoolMethod;
  ratio: number | null;
  ci95_lo: number | null;
  ci95_hi: number | null;
  /** Between-host standard deviation of the log ratio (REML); null with one host. */
  tau: number | null;
  i2: number | null;
  /** Cochran's Q of the hosts' disagreement and P(χ² >= Q); null with one host. */
  q: number | null;
  q_p: number | null;
  /** 95% prediction interval for another host like these (three or more hosts). */
  pi95_lo: number | null;
  pi95_hi: number | null;
}

/**
 * The host as the unit of a fleet claim (docs/scale-out.md; Kalibera & Jones 2013): for every
 * comparison measured on two or more hosts, first per host the geometric mean ratio over the cells
 * every host measured, with the standard error of that mean from the cells' own (delta method)
 * standard errors, then those per-host log ratios pooled by random effects (poolRandomEffects:
 * REML τ², ad hoc HKSJ interval with hosts - 1 df, two hosts included), so the interval reflects
 * how much hosts disagree, never the runs of all hosts taken as one sample (pseudo-replication).
 */
export function acrossHosts(speedups: readonly SpeedupRow[]): AcrossHostsFinding[] {
  const groups = new Map<string, SpeedupRow[]>();
  for (const s of speedups) {
    if (s.host_id === null || s.host_id === undefined) continue;
    const key = [s.pair, s.candidate, s.baseline, s.hostname ?? '', s.metric].join('\u0000');
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  const out: AcrossHostsFinding[] = [];
  for (const rows of groups.values()) {
    const hostIds = [...new Set(rows.map((r) => r.host_id!))];
    if (hostIds.length < 2) continue;
    const cellOf = (r: SpeedupRow) => `${r.job} · ${r.direction}`;
    const usable = (r: SpeedupRow) => r.status === RunStatus.ok && r.ratio !== null && r.ratio > 0 && (r.log_ratio_se ?? 0) > 0;
    const allCells = [...new Set(rows.map(cellOf))];
    const cells = allCells.filter((c) => hostIds.every((h) => rows.some((r) => r.host_id === h && cellOf(r) === c && usable(r))));
    const hosts = cells.length === 0 ? [] : hostIds.map((h) => hostEstimate(h, rows.filter((r) => r.host_id === h && cells.includes(cellOf(r)))));
    const pooled = poolRandomEffects(hosts.map((h) => ({ y: h.log_ratio, v: h.log_ratio_se ** 2, df: h.df })));
    // Two hosts: poolRandomEffects lets the fixed effect stand (two cells give no spread), which
    // answers "these two machines on average". A claim across hosts is about hosts, so the random
    // effects' ad hoc HKSJ interval stands here too: t with 1 df, as wide as two hosts leave it.
    const re = pooled.random_effects;
    const standing =
      pooled.method === PoolMethod.fixed_effect && re
        ? { method: PoolMethod.random_effects, log: re.hksj_adhoc, tau: re.tau, i2: re.i2 }
        : { method: pooled.method, log: null, tau: pooled.tau, i2: pooled.i2 };
    const first = rows[0]!;
    out.push({
      family: first.pair,
      candidate: first.candidate,
      baseline: first.baseline,
      hostname: first.hostname,
      metric: first.metric,
      cells,
      cells_left_out: allCells.length - cells.length,
      hosts,
      method: standing.method,
      ratio: standing.log ? Math.exp(standing.log.log_ratio) : pooled.ratio,
      ci95_lo: standing.log ? Math.exp(standing.log.log_ci95_lo) : pooled.ci95_lo,
      ci95_hi: standing.log ? Math.exp(standing.log.log_ci95_hi) : pooled.ci95_hi,
      tau: standing.tau,
      i2: standing.i2,
      q: pooled.q,
      q_p: pooled.q_p,
      pi95_lo: pooled.pi95_lo,
      pi95_hi: pooled.pi95_hi,
    });
  }
  return out;
}

function hostEstimate(host_id: string, rows: readonly SpeedupRow[]): HostEstimate {
  const k = rows.length;
  const y = rows.map((r) => Math.log(r.ratio!));
  const v = rows.map((r) => r.log_ratio_se! ** 2);
  const log_ratio = y.reduce((a, b) => a + b, 0) / k;
  const sumV = v.reduce((a, b) => a + b, 0);
  const log_ratio_se = Math.sqrt(sumV) / k;
  // Welch-Satterthwaite: (Σ v)² / Σ (v² / df); a cell without a df makes it normal.
  const dfs = rows.map((r) => r.ratio_df);
  const df = dfs.every((d): d is number => d !== null && d > 0) ? sumV ** 2 / v.reduce((a, vi, i) => a + vi ** 2 / dfs[i]!, 0) : null;
  const moe = (df === null ? Z95 : t95(df)) * log_ratio_se;
  return {
    host_id,
    ratio: Math.exp(log_ratio),
    log_ratio,
    log_ratio_se,
    df,
    ci95_lo: Math.exp(log_ratio - moe),
    ci95_hi: Math.exp(log_ratio + moe),
  };
}
