import type { TopLevelSpec } from 'vega-lite';
import type { Layout } from '../model/layout.js';
import type { ReportDataset } from '../types.js';
import { SPECS_ELEMENT_ID } from './client.js';
import { html, jsonForScript, raw, type SafeHtml } from './escape.js';
import { conditionsSection } from './conditions-table.js';
import { failuresTable } from './failures-table.js';
import { provenanceSection } from './provenance.js';

/**
 * No network, no inline script, no eval: scripts and styles only from the report's own files.
 * 'self' is how Chromium and Firefox let a file:// page load its sibling files.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** Scripts the page loads, in order; they are copied into the report's assets/ folder. */
export const PAGE_SCRIPTS = ['assets/vega.min.js', 'assets/vega-lite.min.js', 'assets/vega-embed.min.js', 'assets/report.js'] as const;

/** One drawn chart of a section: its id (the `data-chart` attribute) and spec. */
export interface ChartPart {
  id: string;
  spec: TopLevelSpec;
}

/** A section of charts: usually one, or one per comparison family (the speedups). */
export interface Chart {
  id: string;
  title: string;
  parts: ChartPart[];
  /** Shown instead of the charts when there is nothing to draw. */
  empty: string;
  note?: string;
  /** Markup shown before the charts (the developer loops' findings, the semantics matrix). */
  intro?: SafeHtml;
}

export interface PageInput {
  datasets: readonly ReportDataset[];
  layout: Layout;
  charts: Chart[];
  /** The seed's table; empty when the datasets have no I/O jobs. */
  seedTable: string;
  /** The findings section's markup; null: no findings section (nothing it compares). */
  findings: SafeHtml | null;
  /** The metadata and tree jobs' table; empty when there are none. */
  opsTable?: string;
}

export function renderPage({ datasets, layout, charts, seedTable, findings, opsTable = '' }: PageInput): string {
  const names = datasets.map((d) => d.name).join(', ');
  const specs = Object.fromEntries(charts.flatMap((c) => c.parts.map((p) => [p.id, p.spec])));
  const tcg = tcgConfigurations(datasets, layout);
  const directIgnored = [
    ...new Set(datasets.flatMap((d) => d.runs.filter((r) => r.direct_ignored === true).map((r) => layout.series.labelOf(d.name, r.env, r.hostname)))),
  ];
  const stats = datasets.map((d) => {
    const jobs = new Set(d.runs.map((r) => r.job)).size;
    return html`<li><strong>${d.name}</strong>: ${d.context.envs.length} configuration(s), ${jobs} job(s), ${
      d.runs.length
    } run rows, ${d.summary.length} summary cells</li>`;
  });
  /* eslint-disable @stylistic/max-len -- the page's text: a line break in it would change the HTML written */
  const page = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>sharebench report: ${names}</title>
<link rel="stylesheet" href="assets/report.css">
</head>
<body>
<header>
<h1>sharebench report: ${names}</h1>
<p>Sharing a host directory with a VM guest, measured with fio. Configurations in the order given:
${layout.series.list.map((s, i) => html`${i > 0 ? ', ' : ''}<code>${s.label}</code>`)}.</p>
<ul class="datasets">${stats}</ul>
</header>
${tcg.length === 0 ? '' : html`<div class="banner" role="alert" id="tcg-banner"><strong>Measured under software emulation (TCG), not on real hardware.</strong>
QEMU ran without KVM for: ${tcg.map(
  (t, i) => html`${i > 0 ? ', ' : ''}<code>${t.label}</code>`,
)}. These numbers show that the pipeline works; they are not representative of virtio-fs or 9p performance and must not be compared with KVM results.
${tcgReasons(tcg)}</div>`}
${directIgnored.length === 0 ? '' : html`<div class="banner" role="alert" id="direct-banner"><strong>O_DIRECT did not reach the host.</strong>
fio ran with direct=1, but virtiofsd ignored the guest's O_DIRECT (it was started without allow_direct_io) for: ${directIgnored.map(
  (t, i) => html`${i > 0 ? ', ' : ''}<code>${t}</code>`,
)}. Those runs measured the host page cache, not direct I/O; set <code>allow_direct_io</code> on the environment to measure what direct=1 means.</div>`}
<nav>${findings === null ? '' : html`<a href="#findings">Findings</a>`}${charts.map((c) => html`<a href="#${c.id}">${c.title}</a>`)}<a href="#failures">Failed and unsupported</a>\
<a href="#conditions">Measurement conditions</a><a href="#provenance">Provenance</a><a href="#seed-table">Text table</a></nav>
${findings === null ? '' : html`<section id="findings">
<h2>Findings</h2>
${findings}
</section>`}
${charts.map(
  (c) => html`<section id="${c.id}">
<h2>${c.title}</h2>
${c.note ? html`<p class="note">${c.note}</p>` : ''}
${c.intro ?? ''}
${c.parts.length > 0
  ? c.parts.map((p) => html`<div class="chart-frame"><div class="chart" data-chart="${p.id}" role="img" aria-label="${c.title}"></div></div>`)
  : c.intro ? '' : html`<p class="note">${c.empty}</p>`}
</section>
`,
)}
<section id="failures">
<h2>Failed and unsupported cells</h2>
<p class="note">Cells with a run that did not succeed. They carry no numbers: the charts mark them and never draw them as 0.</p>
${failuresTable(datasets, layout)}
</section>
<section id="conditions">
<h2>Measurement conditions</h2>
${conditionsSection(datasets, layout)}
</section>
<section id="provenance">
<h2>Provenance</h2>
${provenanceSection(datasets, layout)}
</section>
<section id="seed-table">
<h2>Text table</h2>
${seedTable ? html`<p class="note">The seed's parse-fio-results.sh table (also in <a href="report.txt">report.txt</a>, after the findings):
mean of the repeats, KiB/s as <code>kb</code>, or <code>mb</code> (÷1024, cut to one decimal) above 10240; IOPS with <code>k</code>
likewise; <code>0kb</code> = no result (failed or unsupported).</p>
<pre class="seed">${seedTable}</pre>` : ''}
${opsTable ? html`<p class="note">Small files and metadata (also in <a href="report.txt">report.txt</a>): operations per second with the
95% CI of the mean, the time of one operation over all files, fio's per-operation latency, and the pairs' ratios.</p>
<pre class="seed" id="ops-table">${opsTable}</pre>` : ''}
</section>
<script type="application/json" id="${SPECS_ELEMENT_ID}">${raw(jsonForScript(specs))}</script>
${PAGE_SCRIPTS.map((src) => html`<script src="${src}"></script>
`)}</body>
</html>
`;
  /* eslint-enable @stylistic/max-len */
  return page.value;
}

interface TcgConfiguration {
  label: string;
  /** Why the guest ran without KVM, as recorded when it booted; null for datasets from before it was. */
  reason: string | null;
}

function tcgConfigurations(datasets: readonly ReportDataset[], layout: Layout): TcgConfiguration[] {
  const out = new Map<string, TcgConfiguration>();
  for (const d of datasets) {
    for (const r of [...d.runs, ...d.summary]) {
      if (r.accel !== 'tcg') continue;
      const label = layout.series.labelOf(d.name, r.env, r.hostname);
      const session = d.context.envs.find((e) => e.name === r.env)?.session;
      const reason = session && session.kind !== 'host' ? session.accel_reason : null;
      if (!out.has(label)) out.set(label, { label, reason });
    }
  }
  return [...out.values()];
}

// One line per distinct reason: usually one ("/dev/kvm is PVM ...") for every configuration.
function tcgReasons(tcg: readonly TcgConfiguration[]): SafeHtml {
  const reasons = [...new Set(tcg.map((t) => t.reason ?? 'not recorded (a dataset from before sharebench recorded it)'))];
  return html`<p class="why">Why: ${reasons.map((r, i) => html`${i > 0 ? '; ' : ''}${r}`)}.</p>`;
}
