import { evidence, type SemanticsMatrix } from '../semantics/semantics-matrix.js';
import { html, type SafeHtml } from './escape.js';

/**
 * What works where as a table: a row per check, a column per configuration, each cell the
 * result (green ok, red fails with its errno, amber differs, grey unsupported) with the evidence
 * (errno and what was seen) on hover, escaped like every text of the page.
 */
export function semanticsSection(matrix: SemanticsMatrix): SafeHtml {
  return html`<div class="table-frame"><table class="semantics">
<thead><tr><th>check</th>${matrix.columns.map((c) => html`<th>${c.label}</th>`)}</tr></thead>
<tbody>
${matrix.checks.map((k) => html`<tr><th scope="row">${k}</th>${matrix.columns.map((c) => {
  const r = c.byCheck.get(k);
  if (!r) return html`<td class="sem-none">–</td>`;
  const errno = r.result === 'fails' && r.errno ? html`<br><span class="errno">${r.errno}</span>` : '';
  return html`<td class="sem-${r.result}" title="${evidence(r)}">${r.result}${errno}</td>`;
})}</tr>
`)}</tbody></table></div>
`;
}
