import type { RunRow } from '@sharebench/analysis';
import type { Layout } from '../model/layout.js';
import { jobColumnLabel, orderedJobColumns } from '../model/job-columns.js';
import type { ReportDataset } from '../types.js';
import { html, type SafeHtml } from './escape.js';

interface FailureRow {
  series: string;
  column: string;
  status: string;
  runs: string;
  reasons: string[];
}

/**
 * Every summary cell with a run that is not ok: fully failed or unsupported cells, and cells where
 * only some repeats failed. Reasons are the distinct errors of its runs, with how many runs each hit.
 */
export function failuresTable(datasets: readonly ReportDataset[], layout: Layout): SafeHtml {
  const rows: FailureRow[] = [];
  for (const d of datasets) {
    const runsOf = new Map<string, RunRow[]>();
    for (const r of d.runs) {
      const key = cellKey(r);
      if (!runsOf.has(key)) runsOf.set(key, []);
      runsOf.get(key)!.push(r);
    }
    for (const s of d.summary) {
      if (s.status === 'ok' && s.n_ok === s.n) continue;
      const reasons = new Map<string, number>();
      for (const r of runsOf.get(cellKey(s)) ?? []) {
        if (r.status === 'ok') continue;
        const why = r.error ?? (r.errno !== null ? `errno ${r.errno}` : 'no reason recorded');
        const reason = r.status === s.status ? why : `${r.status}: ${why}`;
        reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      }
      rows.push({
        series: layout.series.labelOf(d.name, s.env, s.hostname),
        column: jobColumnLabel(layout, s),
        status: s.status === 'ok' ? 'partly ok' : s.status,
        runs: `${s.n_ok} of ${s.n}`,
        reasons: reasons.size > 0 ? [...reasons].map(([r, n]) => `${r} (${n} run${n === 1 ? '' : 's'})`) : [s.error ?? s.status],
      });
    }
  }
  if (rows.length === 0) return html`<p class="note">Every run of every cell succeeded.</p>`;
  const seriesOrder = layout.series.list.map((s) => s.label);
  const columns = orderedJobColumns(layout, datasets.flatMap((d) => d.summary));
  rows.sort((a, b) => columns.indexOf(a.column) - columns.indexOf(b.column) || seriesOrder.indexOf(a.series) - seriesOrder.indexOf(b.series));
  return html`<table class="failures">
<thead><tr><th>configuration</th><th>job</th><th>status</th><th>ok runs</th><th>reason</th></tr></thead>
<tbody>
${rows.map(
  (r) => html`<tr class="status-${r.status.replace(/[^a-z]/g, '')}"><td>${r.series}</td><td>${r.column}</td><td>${r.status}</td><td>${r.runs}</td><td>${r.reasons.map((x, i) => html`${i > 0 ? html`<br>` : ''}${x}`)}</td></tr>
`,
)}</tbody>
</table>`;
}

function cellKey(r: Pick<RunRow, 'env' | 'job' | 'direction' | 'hostname'>): string {
  return [r.env, r.job, r.direction, r.hostname ?? ''].join('\u0000');
}
