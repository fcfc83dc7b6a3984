import type { Findings, ScopeFinding } from '../ops/findings.js';

/** One line of findings as CSV and JSON-lines readers want it: a comparison (or a family's pool) in one scope. */
export interface FindingRow {
  family: string;
  /** null on a family's pooled row (every comparison of the family together). */
  candidate: string | null;
  baseline: string | null;
  hostname: string | null;
  /** The machine (a merged dataset's comparisons are per host); null on pooled rows and where not recorded. */
  host_id: string | null;
  scope: string;
  cells: number;
  ratio: number | null;
  ratio_ci95_lo: number | null;
  ratio_ci95_hi: number | null;
  verdict: string;
  faster: number;
  slower: number;
  no_difference: number;
  no_ci: number;
  not_measured: number;
}

/** Findings flattened: per comparison its overall row then one per workload, then the family's pooled row. */
export function findingRows(f: Findings): FindingRow[] {
  type Who = { candidate: string | null; baseline: string | null; hostname: string | null; host_id: string | null };
  const row = (family: string, who: Who, s: ScopeFinding): FindingRow => ({
    family,
    candidate: who.candidate,
    baseline: who.baseline,
    hostname: who.hostname,
    host_id: who.host_id,
    scope: s.scope,
    cells: s.cells,
    ratio: s.ratio,
    ratio_ci95_lo: s.ci95_lo,
    ratio_ci95_hi: s.ci95_hi,
    verdict: s.verdict,
    faster: s.faster,
    slower: s.slower,
    no_difference: s.no_difference,
    no_ci: s.no_ci,
    not_measured: s.not_measured,
  });
  return f.families.flatMap((fam) => [
    ...fam.comparisons.flatMap((c) => [c.overall, ...c.by_workload].map((s) => row(fam.family, c, s))),
    ...(fam.pooled ? [row(fam.family, { candidate: null, baseline: null, hostname: null, host_id: null }, fam.pooled)] : []),
  ]);
}
