import { comparisonName, formatCi, formatHeadline, formatRatio } from '../format-findings.js';
import type { DevloopCell, DevloopComparison } from './devloop-findings.js';

/**
 * report.txt's developer-loop findings: per comparison family, each comparison's headline (the
 * geometric mean over the operations, its CI and verdict), then one line per operation with its
 * own ratio and CI (`*`: the CI excludes 1), or why it has none. Empty without comparisons.
 */
export function formatDevloopFindings(datasets: ReadonlyArray<{ name: string; comparisons: DevloopComparison[] }>): string {
  const any = datasets.some((d) => d.comparisons.length > 0);
  if (!any) return '';
  const lines = [
    'Developer loops: candidate ÷ baseline in operations per second, per operation the ratio of means with its 95% CI',
    '(delta method, Welch df; * = the CI excludes 1), and the geometric mean over the operations (CI across them)',
  ];
  for (const d of datasets) {
    if (datasets.length > 1) lines.push('', `== ${d.name}`);
    let family = '';
    for (const c of d.comparisons) {
      if (c.family !== family) lines.push('', `${c.title} (family ${c.family})`);
      family = c.family;
      lines.push(`  ${comparisonName(c)}: ${formatHeadline(c.overall, c.candidate).replace(/cells?\b/g, (w) => (w === 'cell' ? 'operation' : 'operations'))}`);
      for (const cell of c.cells) lines.push(`    ${cell.op.padEnd(16)} ${cellText(cell)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function cellText(cell: DevloopCell): string {
  if (cell.ratio === null) return `n/a      ${cell.status}: ${cell.error ?? 'no ratio'}`;
  return `${formatRatio(cell.ratio).padEnd(9)}${formatCi(cell.ci95_lo, cell.ci95_hi).padEnd(19)}${cell.significant ? '*' : ''}`.trimEnd();
}
