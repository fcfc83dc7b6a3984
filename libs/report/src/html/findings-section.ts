import type { ComparisonFinding, FamilyFinding, Findings, ScopeFinding } from '@sharebench/analysis';
import { comparisonName, FINDINGS_METHOD, formatCi, formatEffect, formatRatio, formatTally, verdictText } from '../format-findings.js';
import { html, type SafeHtml } from './escape.js';
import { acrossHostsSection } from './across-hosts-section.js';

/**
 * The answer up front: per dataset and comparison family a table with one row per comparison
 * (its geometric mean ratio, CI, verdict, cells faster / slower) and one column per workload,
 * then the largest effects and what was not measured and why.
 */
const NO_PAIRS =
  'No pairs to compare, so no findings. Pairs are made within a dataset: DAX vs the same configuration without DAX, ' +
  'virtio-fs vs 9p of the same cache class, every configuration vs host, and pairs given with --pair.';

export function findingsSection(datasets: ReadonlyArray<{ name: string; findings: Findings }>): SafeHtml {
  const any = datasets.some((d) => d.findings.families.length > 0);
  if (!any) return html`<p class="note">${NO_PAIRS}</p>`;
  const one = (d: { name: string; findings: Findings }) => {
    const showHost = (d.findings.hosts?.length ?? 0) > 1;
    return html`${datasets.length > 1 ? html`<h3 class="dataset">${d.name}</h3>` : ''}
${d.findings.families.length === 0 ? html`<p class="note">No pairs to compare in this dataset.</p>` : d.findings.families.map((f) => family(f, showHost))}
${acrossHostsSection(d.findings.across_hosts ?? [], d.findings.hosts ?? [])}`;
  };
  return html`<p class="note">${FINDINGS_METHOD.join(' ')}</p>
${datasets.map(one)}`;
}

function family(f: FamilyFinding, showHost: boolean): SafeHtml {
  const scopes = orderedScopes(f.comparisons);
  const pooled = f.pooled;
  const row = (c: ComparisonFinding) => {
    const workloads = scopes.map((s) => {
      const found = c.by_workload.find((w) => w.scope === s);
      return found ? scopeCell(found, c.candidate, false) : html`<td class="none">–</td>`;
    });
    const tally = html`<td class="tally">${c.overall.faster} / ${c.overall.slower} / ${c.overall.no_difference}${extraCounts(c.overall)}</td>`;
    return html`<tr><th scope="row">${comparisonName(c, showHost)}</th>${scopeCell(c.overall, c.candidate, true)}${tally}${workloads}</tr>
`;
  };
  return html`<div class="family" data-family="${f.family}">
<h3>${f.title} <span class="pair-kind">(pair = ${f.family})</span></h3>
${pooled
  ? html`<p>All ${f.comparisons.length} comparisons together: <strong>${formatRatio(pooled.ratio)}</strong> (${ciText(pooled)}), \
${verdictText(pooled, 'candidates')}; cells: ${formatTally(pooled)}.</p>`
  : ''}
<div class="table-frame"><table class="findings">
<thead><tr><th>candidate ÷ baseline</th><th>all cells: ratio, 95% CI</th><th>cells faster / slower / no difference</th>\
${scopes.map((s) => html`<th>${s}</th>`)}</tr></thead>
<tbody>
${f.comparisons.map(row)}</tbody></table></div>
<ul class="details">${f.comparisons.map((c) => details(c, showHost))}</ul>
</div>
`;
}

function orderedScopes(comparisons: readonly ComparisonFinding[]): string[] {
  const out: string[] = [];
  for (const c of comparisons) for (const s of c.by_workload) if (!out.includes(s.scope)) out.push(s.scope);
  return out;
}

const ciText = (s: ScopeFinding): string => (s.ci95_lo === null ? 'no CI' : `95% CI ${formatCi(s.ci95_lo, s.ci95_hi)}`);

function scopeCell(s: ScopeFinding, candidate: string, headline: boolean): SafeHtml {
  const cls = s.verdict === 'faster' ? 'faster' : s.verdict === 'slower' ? 'slower' : 'unclear';
  const title = `${verdictText(s, candidate)}; ${s.cells} cell(s): ${formatTally(s)}`;
  if (s.ratio === null) return html`<td class="${cls}" title="${title}">no data</td>`;
  const ci = s.ci95_lo === null ? 'no CI' : formatCi(s.ci95_lo, s.ci95_hi);
  const verdict = headline ? html`<br><span class="verdict">${verdictText(s, candidate)}</span>` : '';
  return html`<td class="${cls}" title="${title}"><span class="ratio">${formatRatio(s.ratio)}</span><br><span class="ci">${ci}</span>${verdict}</td>`;
}

function extraCounts(s: ScopeFinding): SafeHtml {
  const parts = [s.no_ci > 0 ? `${s.no_ci} without a CI` : '', s.not_measured > 0 ? `${s.not_measured} not measured` : ''].filter(Boolean);
  return parts.length === 0 ? html`` : html`<br><span class="note">${parts.join(', ')}</span>`;
}

function details(c: ComparisonFinding, showHost: boolean): SafeHtml {
  const parts: SafeHtml[] = [];
  const effects = c.largest.map((e, i) => html`${i > 0 ? '; ' : ''}<code>${formatEffect(e)}</code>`);
  if (c.largest.length > 0) parts.push(html`largest: ${effects}`);
  if (c.largest_against) parts.push(html`largest the other way: <code>${formatEffect(c.largest_against)}</code>`);
  for (const n of c.not_measured) {
    const env = n.env ? html`<code>${n.env}</code>: ` : '';
    parts.push(html`not measured (${n.status}, ${n.cells.length} cell(s)): ${env}${n.reason} <span class="note">[${n.cells.join(', ')}]</span>`);
  }
  if (parts.length === 0) return html``;
  return html`<li><strong>${comparisonName(c, showHost)}</strong>: ${parts.map((p, i) => html`${i > 0 ? '. ' : ''}${p}`)}.</li>
`;
}
