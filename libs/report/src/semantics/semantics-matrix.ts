import type { SemanticsRow } from '@sharebench/analysis';
import type { SeriesIndex } from '../model/series.js';
import type { ReportDataset } from '../types.js';

/** One configuration's column of the matrix: its label and its rows by check. */
export interface MatrixColumn {
  label: string;
  byCheck: ReadonlyMap<string, SemanticsRow>;
}

/** What works where: the checks (rows, in the order the probe made them) and one column per configuration that has a semantics run. */
export interface SemanticsMatrix {
  checks: string[];
  columns: MatrixColumn[];
}

/** The matrix of the datasets' semantics tables, configurations in the report's order; null when none has one. */
export function semanticsMatrix(datasets: readonly ReportDataset[], series: SeriesIndex): SemanticsMatrix | null {
  const checks: string[] = [];
  const columns: MatrixColumn[] = [];
  for (const d of datasets) {
    const rows = d.semantics ?? [];
    const envs = [...new Set(rows.map((r) => r.env))];
    for (const env of envs) {
      const mine = rows.filter((r) => r.env === env);
      for (const r of mine) if (!checks.includes(r.check)) checks.push(r.check);
      columns.push({ label: series.labelOf(d.name, env, null), byCheck: new Map(mine.map((r) => [r.check, r])) });
    }
  }
  return columns.length === 0 ? null : { checks, columns };
}

/** The evidence of a cell, as its tooltip says it: the errno, then what was seen. */
export const evidence = (r: SemanticsRow): string => (r.errno ? `${r.errno}: ${r.detail}` : r.detail);

/**
 * report.txt's matrix: a line per check, a column per configuration with its result (and errno
 * for `fails`); the evidence follows, one line per cell that is not ok.
 */
export function formatSemanticsMatrix(matrix: SemanticsMatrix | null): string {
  if (!matrix) return '';
  const cell = (r: SemanticsRow | undefined) => (r ? (r.result === 'fails' && r.errno ? `fails ${r.errno}` : r.result) : '–');
  const width = Math.max(22, ...matrix.checks.map((c) => c.length + 2));
  const colWidth = matrix.columns.map((c) => Math.max(c.label.length, ...matrix.checks.map((k) => cell(c.byCheck.get(k)).length)) + 2);
  const line = (first: string, cols: string[]) => (first.padEnd(width) + cols.map((x, i) => x.padEnd(colWidth[i]!)).join('')).trimEnd();
  const lines = [
    'What works where: the semantics probe on each configuration\'s share (ok | fails <errno> | differs | unsupported)',
    '',
    line('CHECK', matrix.columns.map((c) => c.label)),
    ...matrix.checks.map((k) => line(k, matrix.columns.map((c) => cell(c.byCheck.get(k))))),
    '',
    'Evidence (every cell that is not ok):',
  ];
  for (const c of matrix.columns) {
    for (const k of matrix.checks) {
      const r = c.byCheck.get(k);
      if (r && r.result !== 'ok') lines.push(`  ${c.label} ${k}: ${r.result}: ${evidence(r)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
