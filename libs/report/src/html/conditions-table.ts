import type { RunRow } from '@sharebench/analysis';
import { conditionsOf, percent, UNDER_LOAD_BUSY_RATIO } from '../model/conditions.js';
import { jobColumnLabel, orderedJobColumns } from '../model/job-columns.js';
import type { Layout } from '../model/layout.js';
import type { ReportDataset } from '../types.js';
import { html, type SafeHtml } from './escape.js';

/**
 * How the runs were measured: whether the host's caches were dropped before each run (sharebench
 * must be root to), and every cell with a run measured while other processes kept more than
 * UNDER_LOAD_BUSY_RATIO of the host's CPUs busy.
 */
export function conditionsSection(datasets: readonly ReportDataset[], layout: Layout): SafeHtml {
  const all = conditionsOf(datasets.flatMap((d) => d.runs));
  if (all.runs === 0 || all.unknown === all.runs) {
    return html`<p class="note">No run recorded its host's conditions (imported results, or a dataset from before sharebench recorded them).</p>`;
  }
  const caches =
    all.warmCache === 0
      ? html`<p class="note">The host's caches were dropped before every run.</p>`
      : html`<p class="note warm-cache"><strong>${all.warmCache} of ${all.runs} runs were measured with warm host caches</strong>:
the host's page cache was not dropped before them (only root may), so reads may have come from host memory.</p>`;
  const rows: Array<{ series: string; job: string; column: string; runs: string; busy: string; load: string }> = [];
  for (const d of datasets) {
    const byCell = new Map<string, RunRow[]>();
    for (const r of d.runs) {
      const key = [r.env, r.job, r.hostname ?? ''].join('\u0000');
      if (!byCell.has(key)) byCell.set(key, []);
      byCell.get(key)!.push(r);
    }
    for (const runs of byCell.values()) {
      const c = conditionsOf(runs);
      if (c.underLoad === 0) continue;
      const first = runs[0]!;
      rows.push({
        series: layout.series.labelOf(d.name, first.env, first.hostname),
        // A run is one for all its directions: the row names the job; it sorts as the charts' columns.
        job: first.job,
        column: jobColumnLabel(layout, first),
        runs: `${c.underLoad} of ${c.runs}`,
        busy: percent(c.maxBusyRatio),
        load: c.maxLoad1 === null ? 'n/a' : c.maxLoad1.toFixed(2),
      });
    }
  }
  const threshold = percent(UNDER_LOAD_BUSY_RATIO);
  if (rows.length === 0) {
    const none = `No run was measured under load (other processes never kept more than ${threshold} of the host's CPUs busy while a run was timed).`;
    return html`${caches}<p class="note">${none}</p>`;
  }
  const columns = orderedJobColumns(layout, datasets.flatMap((d) => d.summary));
  const seriesOrder = layout.series.list.map((s) => s.label);
  rows.sort((a, b) => columns.indexOf(a.column) - columns.indexOf(b.column) || seriesOrder.indexOf(a.series) - seriesOrder.indexOf(b.series));
  const why = `other processes kept more than ${threshold} of the host's CPUs busy while it was timed, so its numbers may be low`;
  return html`${caches}<p class="note">Cells with a run measured under load: ${why}.</p>
<table class="conditions">
<thead><tr><th>configuration</th><th>job</th><th>runs under load</th><th>CPUs busy elsewhere (max)</th><th>load average (max)</th></tr></thead>
<tbody>
${rows.map((r) => html`<tr class="under-load"><td>${r.series}</td><td>${r.job}</td><td>${r.runs}</td><td>${r.busy}</td><td>${r.load}</td></tr>
`)}</tbody>
</table>`;
}
