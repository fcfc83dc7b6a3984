import { DEVLOOP_OPS } from '@sharebench/core';
import { comparisonName, formatCi, formatRatio, verdictText } from '../format-findings.js';
import type { DevloopCell, DevloopComparison } from '../devloop/devloop-findings.js';
import { html, type SafeHtml } from './escape.js';

/**
 * The developer loops' findings as tables, one per dataset and comparison family: a row per
 * comparison, its geometric mean over the operations, then each operation's own ratio and CI
 * (blue: candidate faster, red: slower, grey: the CI includes 1); a cell without a ratio says why
 * on hover.
 */
export function devloopFindingsSection(datasets: ReadonlyArray<{ name: string; comparisons: DevloopComparison[] }>): SafeHtml {
  if (!datasets.some((d) => d.comparisons.length > 0)) {
    return html`<p class="note">No pairs to compare: virtio-fs vs 9p of the same cache class and every configuration vs the host make them.</p>`;
  }
  const ops = DEVLOOP_OPS.filter((op) => datasets.some((d) => d.comparisons.some((c) => c.cells.some((x) => x.op === op))));
  const table = (rows: DevloopComparison[]) => html`<div class="table-frame"><table class="findings devloop">
<thead><tr><th>candidate ÷ baseline</th><th>all operations: geometric mean, 95% CI</th>${ops.map((op) => html`<th>${op}</th>`)}</tr></thead>
<tbody>
${rows.map((c) => html`<tr><th scope="row">${comparisonName(c)}</th>${overallCell(c)}${ops.map((op) => opCell(c.cells.find((x) => x.op === op)))}</tr>
`)}</tbody></table></div>
`;
  return html`${datasets.map((d) => {
    const families = [...new Set(d.comparisons.map((c) => c.family))];
    return html`${datasets.length > 1 ? html`<h3 class="dataset">${d.name}</h3>` : ''}${families.map((f) => {
      const rows = d.comparisons.filter((c) => c.family === f);
      return html`<h4>${rows[0]!.title} <span class="pair-kind">(family ${f})</span></h4>
${table(rows)}`;
    })}`;
  })}`;
}

function overallCell(c: DevloopComparison): SafeHtml {
  const o = c.overall;
  const cls = o.verdict === 'faster' ? 'faster' : o.verdict === 'slower' ? 'slower' : 'unclear';
  const ci = o.ci95_lo === null ? 'no CI' : formatCi(o.ci95_lo, o.ci95_hi);
  return html`<td class="${cls}" title="${verdictText(o, c.candidate)}"><strong>${formatRatio(o.ratio)}</strong><br><span class="ci">${ci}</span></td>`;
}

function opCell(cell: DevloopCell | undefined): SafeHtml {
  if (!cell) return html`<td class="none">–</td>`;
  if (cell.ratio === null) return html`<td class="none" title="${cell.error ?? cell.status}">n/a (${cell.status})</td>`;
  const cls = cell.significant === true ? (cell.ratio > 1 ? 'faster' : 'slower') : 'unclear';
  const note = cell.significant === null ? 'no CI (fewer than 2 ok repeats on a side)' : cell.significant ? 'the CI excludes 1' : 'the CI includes 1';
  return html`<td class="${cls}" title="${note}">${formatRatio(cell.ratio)}<br><span class="ci">${formatCi(cell.ci95_lo, cell.ci95_hi)}</span></td>`;
}
