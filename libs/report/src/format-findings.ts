import type { CellEffect, ComparisonFinding, Findings, ScopeFinding } from '@sharebench/analysis';
import { formatAcrossHosts } from './format-across-hosts.js';

const digits3 = (r: number): string => (Math.abs(r) >= 1000 ? r.toFixed(0) : r.toPrecision(3));

/** A ratio for people: 3 significant digits and ×; a missing one as a dash. */
export function formatRatio(r: number | null): string {
  return r === null ? '–' : `${digits3(r)}×`;
}

/** "2.90–5.17", or "no CI". */
export function formatCi(lo: number | null, hi: number | null): string {
  return lo === null || hi === null ? 'no CI' : `${digits3(lo)}–${digits3(hi)}`;
}

/** The verdict as words about the candidate. */
export function verdictText(s: Pick<ScopeFinding, 'verdict'>, candidate: string): string {
  switch (s.verdict) {
    case 'faster':
      return `${candidate} faster`;
    case 'slower':
      return `${candidate} slower`;
    case 'no clear difference':
      return 'no clear difference (the CI includes 1)';
    case 'no CI':
      return 'one cell without a CI';
    case 'no data':
      return 'no data';
  }
}

/** "34 faster, 1 slower, 1 no difference" without the zero counts past the first two. */
export function formatTally(s: ScopeFinding): string {
  const parts = [`${s.faster} faster`, `${s.slower} slower`];
  if (s.no_difference > 0) parts.push(`${s.no_difference} no significant difference`);
  if (s.no_ci > 0) parts.push(`${s.no_ci} without a CI`);
  if (s.not_measured > 0) parts.push(`${s.not_measured} not measured`);
  return parts.join(', ');
}

/** "virtiofs faster: 3.87× (95% CI 2.90–5.17), geometric mean over 36 cells". */
export function formatHeadline(s: ScopeFinding, candidate: string): string {
  if (s.ratio === null) return `no data: none of its ${s.not_measured} cell(s) has a ratio`;
  const ci = s.ci95_lo === null ? 'no CI' : `95% CI ${formatCi(s.ci95_lo, s.ci95_hi)}`;
  const over = s.cells === 1 ? 'one cell' : `geometric mean over ${s.cells} cells`;
  return `${verdictText(s, candidate)}: ${formatRatio(s.ratio)} (${ci}), ${over}`;
}

export function formatEffect(e: CellEffect): string {
  const ci = e.ratio_ci95_lo === null ? '' : ` (${formatCi(e.ratio_ci95_lo, e.ratio_ci95_hi)})`;
  return `${e.job} ${e.direction} ${formatRatio(e.ratio)}${ci}`;
}

/** "virtiofs ÷ 9p", "... @ server" (fio client/server), "... on host-a" (a comparison of one host in a dataset of several). */
export function comparisonName(c: Pick<ComparisonFinding, 'candidate' | 'baseline' | 'hostname'> & { host_id?: string | null }, showHost = false): string {
  const host = showHost && c.host_id ? ` on ${c.host_id}` : '';
  return `${c.candidate} ÷ ${c.baseline}${c.hostname === null ? '' : ` @ ${c.hostname}`}${host}`;
}

export const FINDINGS_METHOD = [
  'Ratio: candidate mean ÷ baseline mean of bandwidth per cell (a job in one direction); > 1: candidate faster.',
  "Per comparison: the geometric mean of its cells' ratios, with a 95% CI on the log scale across cells",
  '(Student t, k-1 df). A cell counts as faster or slower only when its own 95% CI excludes 1.',
];

/**
 * Findings as plain text: per comparison family, each comparison's verdict with the geometric
 * mean ratio and its CI, how many cells were significantly faster or slower, the same per
 * workload, the largest effects, and the cells without a ratio and why. `datasets` gives each
 * dataset's name with its findings.
 */
export function formatFindings(datasets: ReadonlyArray<{ name: string; findings: Findings }>): string {
  const lines: string[] = ['FINDINGS', ...FINDINGS_METHOD, ''];
  for (const d of datasets) {
    if (datasets.length > 1) lines.push(`== ${d.name}`, '');
    if (d.findings.families.length === 0) lines.push('No pairs to compare in this dataset.', '');
    const showHost = (d.findings.hosts?.length ?? 0) > 1;
    for (const fam of d.findings.families) {
      lines.push(`${fam.title} (pair = ${fam.family})`);
      if (fam.pooled) lines.push(`  all ${fam.comparisons.length} comparisons: ${formatHeadline(fam.pooled, 'candidates')}; cells: ${formatTally(fam.pooled)}`);
      for (const c of fam.comparisons) lines.push(...comparisonLines(c, showHost));
      lines.push('');
    }
    lines.push(...formatAcrossHosts(d.findings.across_hosts ?? [], d.findings.hosts ?? []));
  }
  return lines.join('\n');
}

const SCOPE_COLUMNS = ['ratio', '95% CI', 'cells', 'faster', 'slower', 'no diff.', 'no CI', 'not measured', 'verdict'] as const;

function comparisonLines(c: ComparisonFinding, showHost: boolean): string[] {
  const out = [`  ${comparisonName(c, showHost)}: ${formatHeadline(c.overall, c.candidate)}`, `    cells: ${formatTally(c.overall)}`];
  if (c.by_workload.length > 0) {
    const rows = [
      ['workload', ...SCOPE_COLUMNS],
      ...c.by_workload.map((s) => [
        s.scope,
        formatRatio(s.ratio),
        s.ratio === null ? '–' : formatCi(s.ci95_lo, s.ci95_hi),
        ...[s.cells, s.faster, s.slower, s.no_difference, s.no_ci, s.not_measured].map(String),
        verdictText(s, c.candidate),
      ]),
    ];
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    // Text columns left, counts right.
    const pad = (v: string, i: number) => (i >= 3 && i <= 8 ? v.padStart(widths[i]!) : v.padEnd(widths[i]!));
    for (const r of rows) out.push(`    ${r.map(pad).join('  ').trimEnd()}`);
  }
  if (c.largest.length > 0) out.push(`    largest: ${c.largest.map(formatEffect).join('; ')}`);
  if (c.largest_against) out.push(`    largest the other way: ${formatEffect(c.largest_against)}`);
  for (const n of c.not_measured) {
    const cells = n.cells.length > 4 ? `${n.cells.slice(0, 4).join(', ')} and ${n.cells.length - 4} more` : n.cells.join(', ');
    out.push(`    not measured (${n.status}, ${n.cells.length} cell(s)): ${n.env ? `${n.env}: ` : ''}${n.reason} [${cells}]`);
  }
  return out;
}
