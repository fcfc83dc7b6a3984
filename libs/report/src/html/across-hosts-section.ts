import type { AcrossHostsFinding } from '@sharebench/analysis';
import { formatCi, formatRatio } from '../format-findings.js';
import { ACROSS_HOSTS_METHOD, poolMethodText, spreadText } from '../format-across-hosts.js';
import { html, type SafeHtml } from './escape.js';

/**
 * Findings across hosts (a merged dataset of several): one row per comparison, its pooled ratio
 * with the between-host spread, then one column per host with that host's ratio and CI.
 */
export function acrossHostsSection(found: readonly AcrossHostsFinding[], hosts: readonly string[]): SafeHtml {
  if (found.length === 0) return html``;
  const row = (a: AcrossHostsFinding) => {
    const name = `${a.candidate} ÷ ${a.baseline}${a.hostname === null ? '' : ` @ ${a.hostname}`}`;
    const pooled =
      a.ratio === null
        ? html`<td class="none">no cell on every host</td>`
        : html`<td><span class="ratio">${formatRatio(a.ratio)}</span><br><span class="ci">${formatCi(a.ci95_lo, a.ci95_hi)}</span><br>\
<span class="note">${poolMethodText(a)}; ${a.cells.length} cell(s)</span></td>`;
    const perHost = hosts.map((h) => {
      const e = a.hosts.find((x) => x.host_id === h);
      if (!e) return html`<td class="none">–</td>`;
      return html`<td><span class="ratio">${formatRatio(e.ratio)}</span><br><span class="ci">${formatCi(e.ci95_lo, e.ci95_hi)}</span></td>`;
    });
    const head = html`<th scope="row">${name} <span class="pair-kind">(${a.family})</span></th>`;
    return html`<tr data-pair="${a.family}">${head}${pooled}<td>${spreadText(a)}</td>${perHost}</tr>
`;
  };
  return html`<div class="family across-hosts">
<h3>Across hosts <span class="pair-kind">(${hosts.length} hosts)</span></h3>
<p class="note">${ACROSS_HOSTS_METHOD.join(' ')}</p>
<div class="table-frame"><table class="findings">
<thead><tr><th>candidate ÷ baseline</th><th>pooled: ratio, 95% CI</th><th>between hosts</th>${hosts.map((h) => html`<th>${h}</th>`)}</tr></thead>
<tbody>
${found.map(row)}</tbody></table></div>
</div>
`;
}
