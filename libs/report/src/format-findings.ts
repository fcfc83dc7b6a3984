import {
  isReason,
  REASON_WORDS,
  type CellEffect,
  type CellGroup,
  type ComparisonFinding,
  type FamilyFinding,
  type Findings,
  type ScopeFinding,
} from '@sharebench/analysis';
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
export function verdictText(s: Pick<ScopeFinding, 'verdict' | 'varies'>, candidate: string): string {
  switch (s.verdict) {
    case 'faster':
      return s.varies ? `${candidate} faster on average; individual workloads vary` : `${candidate} faster`;
    case 'slower':
      return s.varies ? `${candidate} slower on average; individual workloads vary` : `${candidate} slower`;
    case 'mixed':
      return 'mixed (the cells disagree)';
    case 'no clear difference':
      return 'no clear difference (the CI includes 1, within ±10%)';
    case 'too wide to tell':
      return 'too wide to tell (the CI includes 1)';
    case 'not significant after FDR':
      return 'no significant difference after false discovery rate control (its own CI excludes 1)';
    case 'no CI':
      return 'no CI (no cell has a standard error)';
    case 'no data':
      return 'no data';
  }
}

/** "34 faster, 1 slower, 1 no significant difference" without the zero counts past the first two. */
export function formatTally(s: ScopeFinding): string {
  const parts = [`${s.faster} faster`, `${s.slower} slower`];
  if (s.no_difference > 0) parts.push(`${s.no_difference} no significant difference`);
  if (s.no_ci > 0) parts.push(`${s.no_ci} without a CI`);
  if (s.not_measured > 0) parts.push(`${s.not_measured} not measured`);
  return parts.join(', ');
}

/** How the standing estimate was made: "one cell", "fixed effect of 2 cells (...)", "random effects (REML, HKSJ), 8 cells". */
export function methodText(s: ScopeFinding): string {
  switch (s.method) {
    case 'single_cell':
      return 'one cell';
    case 'fixed_effect':
      return 'fixed effect of 2 cells (their spread cannot be estimated)';
    case 'random_effects':
      return `random effects (REML, HKSJ), ${s.k} cells${s.tau_zero ? ' (τ = 0: the fixed effect\'s CI)' : ''}`;
    default:
      return s.cells === 0 ? 'no cell' : `geometric mean of ${s.cells} cell(s), none with a standard error`;
  }
}

/** τ (k >= 3) as a factor cells spread by, and the prediction interval (k >= 5): "τ 0.41 (cells ×/÷ 1.5); a new cell: 0.12–2.31". */
export function spreadText(s: ScopeFinding): string | null {
  if (s.tau === null) return null;
  const pi = s.pi95_lo === null ? null : `a new cell: ${formatCi(s.pi95_lo, s.pi95_hi)}`;
  // τ = 0 is said by the method ("the fixed effect's CI").
  if (s.tau === 0) return pi;
  const tau = `τ ${s.tau.toPrecision(2)} (cells ×/÷ ${Math.exp(s.tau).toPrecision(2)})`;
  return pi === null ? tau : `${tau}; ${pi}`;
}

/** A p-value for people: 2 significant digits, "< 0.001" below that. */
export function formatP(p: number): string {
  return p < 0.001 ? '< 0.001' : p.toPrecision(2);
}

/** For `too wide to tell`: what more data would tell it. */
export function moreDataText(s: ScopeFinding): string | null {
  const m = s.more_data;
  if (!m) return null;
  if (m.repeats_per_cell !== null) {
    return `about ${m.repeats_per_cell} repeats per cell (now ${m.repeats_now}) would tell a ratio of ${formatRatio(s.ratio)} from 1`;
  }
  if (m.limit === 'spread') return `more repeats would not tell it: the cells disagree (τ ${s.tau?.toPrecision(2)}); more workloads would`;
  if (m.limit === 'too_many') return `over 100 times the repeats (now ${m.repeats_now}) would be needed`;
  return null;
}

/** "virtiofs faster: 3.87× (95% CI 2.90–5.17), random effects (REML, HKSJ), 36 cells; τ 0.4; a new cell: 1.2–9.8". */
export function formatHeadline(s: ScopeFinding, candidate: string): string {
  if (s.verdict === 'no data') return `no data: none of its ${s.not_measured} cell(s) has a ratio`;
  if (s.disagree) {
    return `${verdictText(s, candidate)}: ${disagreeText(s)}`;
  }
  const ci = s.ci95_lo === null ? 'no CI' : `95% CI ${formatCi(s.ci95_lo, s.ci95_hi)}`;
  const extras = [spreadText(s), moreDataText(s)].filter((x): x is string => x !== null);
  return `${verdictText(s, candidate)}: ${formatRatio(s.ratio)} (${ci}), ${methodText(s)}${extras.map((x) => `; ${x}`).join('')}`;
}

/** "the 3 cells disagree (Q p < 0.001): <cell>; <cell>; <cell>", or past three cells their range. */
export function disagreeText(s: ScopeFinding): string {
  const head = `the ${s.shown_cells.length} cells disagree (Q p ${s.q_p! < 0.001 ? '' : '= '}${formatP(s.q_p!)})`;
  if (s.shown_cells.length <= 3) return `${head}: ${s.shown_cells.map(formatEffect).join('; ')}`;
  const sorted = [...s.shown_cells].sort((a, b) => a.ratio - b.ratio);
  const [lo, hi] = [sorted[0]!, sorted[sorted.length - 1]!];
  return `${head}: from ${formatRatio(lo.ratio)} (${lo.job} ${lo.direction}) to ${formatRatio(hi.ratio)} (${hi.job} ${hi.direction})`;
}

export function formatEffect(e: CellEffect): string {
  const ci = e.ratio_ci95_lo === null ? '' : ` (${formatCi(e.ratio_ci95_lo, e.ratio_ci95_hi)})`;
  return `${e.job} ${e.direction} ${formatRatio(e.ratio)}${ci}${e.below_resolution ? ' [below resolution]' : ''}`;
}

export function comparisonName(c: Pick<ComparisonFinding, 'candidate' | 'baseline' | 'hostname'> & { host_id?: string | null }, showHost = false): string {
  const host = showHost && c.host_id ? ` on ${c.host_id}` : '';
  return `${c.candidate} ÷ ${c.baseline}${c.hostname === null ? '' : ` @ ${c.hostname}`}${host}`;
}

/** "virtio-fs vs 9p ... (family fs) · bandwidth, bytes/s". */
export function familyHeading(f: Pick<FamilyFinding, 'title' | 'family' | 'metric_name' | 'unit'>): string {
  return `${f.title} (family ${f.family}) · ${f.metric_name}${f.unit ? `, ${f.unit}` : ''}`;
}

/** "per-cell verdicts control the false discovery rate at 5% across this comparison's 8 cells". */
export function fdrText(c: Pick<ComparisonFinding, 'fdr'>): string {
  return `per-cell verdicts control the false discovery rate at ${c.fdr.alpha * 100}% across this comparison's ${c.fdr.m} cell${c.fdr.m === 1 ? '' : 's'}`;
}

/** A group of cells without a ratio or without a CI: "(unsupported, 4 cells): virtiofs-none: <detail> [cells]". */
export function formatGroup(g: CellGroup, maxCells = Infinity): string {
  const words = isReason(g.reason) ? REASON_WORDS[g.reason] : g.reason;
  const listed = g.cells.length > maxCells ? `${g.cells.slice(0, maxCells).join(', ')} and ${g.cells.length - maxCells} more` : g.cells.join(', ');
  const what = g.detail && g.detail !== words ? `${words}: ${g.detail}` : words;
  return `(${g.reason}, ${g.cells.length} cell(s)): ${g.env ? `${g.env}: ` : ''}${what} [${listed}]`;
}

export const FINDINGS_METHOD = [
  'Ratio: candidate mean ÷ baseline mean per cell (a job in one direction) of its metric, bandwidth for I/O jobs and operations',
  'per second for metadata, tree and developer-loop jobs, each family of comparisons once per metric; > 1: candidate faster.',
  "Pooled as a meta-analysis pools studies, each cell weighed by its own standard error: one cell stands with its own 95% CI;",
  'two cells give their fixed effect (two cannot give a between-cell spread); three or more random effects (REML τ², the',
  'Hartung-Knapp-Sidik-Jonkman CI) with τ and a 95% prediction interval for a new cell. Per-cell verdicts (faster, slower)',
  "control the false discovery rate at 5% across each comparison's cells (Benjamini-Hochberg).",
];

/**
 * Findings as plain text: per comparison family and metric, each comparison's verdict with its
 * pooled ratio, CI, method, spread and prediction interval, how many cells were faster or slower
 * (BH), the same per workload, the largest effects, and the cells without a ratio or a CI and why.
 * `datasets` gives each dataset's name with its findings.
 */
export function formatFindings(datasets: ReadonlyArray<{ name: string; findings: Findings }>): string {
  const lines: string[] = ['FINDINGS', ...FINDINGS_METHOD, ''];
  for (const d of datasets) {
    if (datasets.length > 1) lines.push(`== ${d.name}`, '');
    if (d.findings.families.length === 0) lines.push('No pairs to compare in this dataset.', '');
    const showHost = (d.findings.hosts?.length ?? 0) > 1;
    for (const fam of d.findings.families) {
      lines.push(familyHeading(fam));
      if (fam.pooled) lines.push(`  all ${fam.comparisons.length} comparisons: ${formatHeadline(fam.pooled, 'candidates')}; cells: ${formatTally(fam.pooled)}`);
      for (const c of fam.comparisons) lines.push(...comparisonLines(c, showHost));
      lines.push('');
    }
    lines.push(...formatAcrossHosts(d.findings.across_hosts ?? [], d.findings.hosts ?? []));
  }
  return lines.join('\n');
}

const SCOPE_COLUMNS = ['ratio', '95% CI', 'method', 'a new cell', 'faster', 'slower', 'no diff.', 'no CI', 'not measured', 'verdict'] as const;
const SHORT_METHOD: Record<string, string> = { single_cell: '1 cell', fixed_effect: 'fixed, 2', random_effects: 'random', no_cells: '–' };

function comparisonLines(c: ComparisonFinding, showHost: boolean): string[] {
  const fdr = c.fdr.m > 0 ? `; ${fdrText(c)}` : '';
  const out = [`  ${comparisonName(c, showHost)}: ${formatHeadline(c.overall, c.candidate)}`, `    cells: ${formatTally(c.overall)}${fdr}`];
  // A comparison with no ratio at all says so once; its workloads would only repeat it.
  if (c.by_workload.length > 0 && c.overall.verdict !== 'no data') {
    const rows = [
      ['workload', ...SCOPE_COLUMNS],
      ...c.by_workload.map((s) => [
        s.scope,
        s.disagree ? '–' : formatRatio(s.ratio),
        s.ratio === null ? '–' : s.disagree ? 'cells disagree' : formatCi(s.ci95_lo, s.ci95_hi),
        s.method === 'random_effects' ? `random, ${s.k}` : (SHORT_METHOD[s.method] ?? s.method),
        s.pi95_lo === null ? '–' : formatCi(s.pi95_lo, s.pi95_hi),
        ...[s.faster, s.slower, s.no_difference, s.no_ci, s.not_measured].map(String),
        verdictText(s, c.candidate),
      ]),
    ];
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    // Text columns left, counts right.
    const pad = (v: string, i: number) => (i >= 5 && i <= 9 ? v.padStart(widths[i]!) : v.padEnd(widths[i]!));
    for (const r of rows) out.push(`    ${r.map(pad).join('  ').trimEnd()}`);
    for (const s of c.by_workload) {
      if (s.disagree) out.push(`    ${s.scope}: ${disagreeText(s)}`);
      const more = moreDataText(s);
      if (more) out.push(`    ${s.scope}: ${more}`);
    }
  }
  if (c.largest.length > 0) out.push(`    largest: ${c.largest.map(formatEffect).join('; ')}`);
  if (c.largest_against) out.push(`    largest the other way: ${formatEffect(c.largest_against)}`);
  if (c.below_resolution.length > 0) {
    out.push(`    below the clock's resolution (timed for under 100 ticks; pooled, flagged): ${c.below_resolution.join(', ')}`);
  }
  for (const g of c.not_pooled) out.push(`    not pooled, no CI ${formatGroup(g, 4)}`);
  for (const g of c.not_measured) out.push(`    not measured ${formatGroup(g, 4)}`);
  return out;
}
