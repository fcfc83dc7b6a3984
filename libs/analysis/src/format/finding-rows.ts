import type { Findings, ScopeFinding } from '../ops/findings.js';

/** The `workload` of a row about every workload of a comparison (or of a family's pool). */
export const ALL_WORKLOADS = 'all workloads';
/** The `comparison` of a family's pooled row. */
export const ALL_COMPARISONS = 'all comparisons';

/**
 * One line of findings as CSV and JSON-lines readers want it: a comparison (or a family's pool)
 * over all its workloads, or one workload (one direction of a workload that moves data both ways).
 */
export interface FindingRow {
  family: string;
  /** `candidate ÷ baseline` (`@ server` for fio client/server), or `all comparisons` for a family's pool. */
  comparison: string;
  /** `all workloads`, a workload, or `<workload> · <direction>`. */
  workload: string;
  metric: string;
  unit: string | null;
  candidate: string | null;
  baseline: string | null;
  hostname: string | null;
  /** The machine (a merged dataset's comparisons are per host); null on pooled rows and where not recorded. */
  host_id: string | null;
  /** single_cell | fixed_effect | random_effects | no_cells (poolRandomEffects). */
  method: string;
  /** Cells pooled (a ratio and a standard error). */
  k: number;
  /** Cells with a ratio. */
  cells: number;
  ratio: number | null;
  ci95_lo: number | null;
  ci95_hi: number | null;
  /** Between-cell variance of ln ratio (k >= 3). */
  tau2: number | null;
  /** 95% prediction interval of a new cell's ratio (k >= 3). */
  pi95_lo: number | null;
  pi95_hi: number | null;
  /** Cochran's Q p-value (k >= 2). */
  q_p: number | null;
  verdict: string;
  /** Two cells that disagree (no pooled CI stands); CI excludes 1, prediction interval does not. */
  cells_disagree: boolean;
  workloads_vary: boolean;
  /** Verdict `too wide to tell`: repeats per side that would tell it (null: more repeats would not), and now. */
  repeats_needed: number | null;
  repeats_now: number | null;
  faster: number;
  slower: number;
  no_difference: number;
  no_ci: number;
  not_measured: number;
}

/** Findings flattened: per family and comparison its `all workloads` row, then one per workload; then the family's pool. */
export function findingRows(f: Findings): FindingRow[] {
  return f.families.flatMap((fam) => {
    type Who = { candidate: string | null; baseline: string | null; hostname: string | null; host_id: string | null };
    const row = (comparison: string, who: Who, s: ScopeFinding): FindingRow => ({
      family: fam.family,
      comparison,
      workload: s.scope === 'all' ? ALL_WORKLOADS : s.scope,
      metric: fam.metric,
      unit: fam.unit,
      candidate: who.candidate,
      baseline: who.baseline,
      hostname: who.hostname,
      host_id: who.host_id,
      method: s.method,
      k: s.k,
      cells: s.cells,
      ratio: s.ratio,
      ci95_lo: s.ci95_lo,
      ci95_hi: s.ci95_hi,
      tau2: s.tau2,
      pi95_lo: s.pi95_lo,
      pi95_hi: s.pi95_hi,
      q_p: s.q_p,
      verdict: s.verdict,
      cells_disagree: s.disagree,
      workloads_vary: s.varies,
      repeats_needed: s.more_data?.repeats_per_cell ?? null,
      repeats_now: s.more_data?.repeats_now ?? null,
      faster: s.faster,
      slower: s.slower,
      no_difference: s.no_difference,
      no_ci: s.no_ci,
      not_measured: s.not_measured,
    });
    const name = (c: { candidate: string; baseline: string; hostname: string | null; host_id: string | null }) =>
      `${c.candidate} ÷ ${c.baseline}${c.hostname === null ? '' : ` @ ${c.hostname}`}${c.host_id === null ? '' : ` on ${c.host_id}`}`;
    return [
      ...fam.comparisons.flatMap((c) => [c.overall, ...c.by_workload].map((s) => row(name(c), c, s))),
      ...(fam.pooled ? [row(ALL_COMPARISONS, { candidate: null, baseline: null, hostname: null, host_id: null }, fam.pooled)] : []),
    ];
  });
}
