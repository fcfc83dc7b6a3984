import type { RunRow } from '@sharebench/analysis';
import type { EnvRecord, ExecutionRecord } from '@sharebench/core';
import { flatten } from '../model/flatten.js';
import type { Layout } from '../model/layout.js';
import type { ReportDataset } from '../types.js';
import { html, type SafeHtml } from './escape.js';

const ENV_META_KEYS = new Set(['name', 'fs', 'cache', 'dax', 'numa']);

/**
 * Where each dataset's numbers come from: tool, machine, fio/kernel/QEMU versions, accelerator,
 * and per configuration its mount line(s), all from context.json and the run rows.
 */
export function provenanceSection(datasets: readonly ReportDataset[], layout: Layout): SafeHtml {
  return html`${datasets.map((d) => datasetProvenance(d, layout))}`;
}

function distinct(values: ReadonlyArray<string | null>): string[] {
  return [...new Set(values.filter((v): v is string => v !== null && v !== ''))];
}

function list(values: readonly string[], none = 'not recorded'): SafeHtml {
  return values.length === 0 ? html`<span class="none">${none}</span>` : html`${values.map((v, i) => html`${i > 0 ? ', ' : ''}<code>${v}</code>`)}`;
}

function datasetProvenance(d: ReportDataset, layout: Layout): SafeHtml {
  const ctx = d.context;
  const executed = ctx.execution !== undefined;
  const guestEnvs = ctx.envs.filter((e) => e.fs !== 'host');
  const hostKernel = executed ? [ctx.host.kernel] : [];
  const loose = (e: EnvRecord, key: string) => (typeof e.unstructured?.[key] === 'string' ? (e.unstructured[key] as string) : null);
  const guestKernels = distinct(guestEnvs.flatMap((e) => [e.session?.kernel ?? null, e.imported?.kernel ?? null, loose(e, 'kernel')]));
  const qemu = distinct(ctx.envs.flatMap((e) => [e.session && e.session.kind !== 'host' ? e.session.qemu.version : null, loose(e, 'qemu')]));
  const envs = distinct([...ctx.envs.map((e) => e.name), ...d.runs.map((r) => r.env)]);
  const accel = distinct(d.runs.map((r) => r.accel));
  const asked = ctx.pairs.map((p, i) => html`${i > 0 ? ', ' : ''}<code>${p.candidate}</code> ÷ <code>${p.baseline}</code>`);
  /* eslint-disable @stylistic/max-len -- the section's HTML: a line break in its text would change the HTML written */
  return html`<section class="provenance" id="provenance-${d.name.replace(/[^A-Za-z0-9_-]/g, '_')}">
<h3>${d.name}</h3>
<dl class="facts">
<dt>sharebench</dt><dd><code>${ctx.sharebench.version}</code>${ctx.sharebench.git_commit
  ? html` (commit <code>${ctx.sharebench.git_commit}</code>)`
  : html` (no git commit recorded)`}</dd>
<dt>dataset</dt><dd>created ${ctx.created_at}, updated ${ctx.updated_at}; ${ctx.imports.length} imported file(s)${executed ? ', executed by sharebench run' : ''}</dd>
<dt>fio version(s)</dt><dd>${list(distinct(d.runs.map((r) => r.fio_version)))}</dd>
<dt>host kernel</dt><dd>${list(hostKernel, executed ? 'not recorded' : 'not recorded (imported data; see the machine that imported it below)')}</dd>
<dt>guest kernel(s)</dt><dd>${list(guestKernels)}</dd>
<dt>QEMU</dt><dd>${list(qemu)}</dd>
<dt>accelerator</dt><dd>${list(accel, 'not recorded (host runs, or imported data)')}\
${accel.includes('tcg') ? html` <strong class="warn">TCG: software emulation, not representative</strong>` : ''}</dd>
</dl>
<h4>Configurations</h4>
<p class="note">One line per configuration: QEMU, daemon, the kernel fio ran on, the accelerator and why, the mount line.
Open one for everything recorded about it.</p>
${envs.map((env) => envDetails(d, env, layout))}
<details class="more-provenance">\
<summary>The machine that ${executed ? 'ran' : 'imported'} it${ctx.imports.length > 0 ? ', imported files' : ''}${executed ? ', the execution' : ''}</summary>
<h4>Machine that ${executed ? 'ran' : 'imported'} it</h4>
${kvTable(flatten(ctx.host))}
${ctx.imports.length === 0 ? '' : html`<h4>Imported files</h4>
<table class="kv imports"><thead><tr><th>file</th><th>format</th><th>configuration</th><th>sha256</th><th>imported from</th><th>at</th></tr></thead>
<tbody>${ctx.imports.map((i) => html`<tr><td><code>${i.file}</code></td><td>${i.format}</td><td>${i.env}</td>\
<td><code title="${i.sha256}">${i.sha256.slice(0, 12)}…</code></td><td><code>${i.original}</code></td><td>${i.imported_at}</td></tr>
`)}</tbody></table>`}
${executed ? html`<h4>Execution</h4>
${kvTable(flatten(executionSummary(ctx.execution!)))}` : ''}
</details>
${ctx.pairs.length === 0 ? '' : html`<p>Extra comparisons asked for: ${asked}</p>`}
</section>
`;
  /* eslint-enable @stylistic/max-len */
}

/** What matters first about an env, for its summary line. */
interface EnvFacts {
  qemu: string[];
  daemon: string[];
  kernel: string[];
  accel: string[];
  accelReason: string | null;
  mount: string[];
}

function envFacts(d: ReportDataset, env: string, rec: EnvRecord | undefined): EnvFacts {
  const runs = d.runs.filter((r) => r.env === env);
  const pick = (f: (r: RunRow) => string | null) => distinct(runs.map(f));
  const s = rec?.session ?? null;
  const loose = (key: string) => (typeof rec?.unstructured?.[key] === 'string' ? (rec.unstructured[key] as string) : null);
  const guest = s && s.kind !== 'host' ? s : null;
  const header = rec?.imported?.legacy_header ?? null;
  return {
    qemu: distinct([guest?.qemu.version ?? null, loose('qemu')]),
    daemon: distinct([s?.kind === 'virtiofs' ? s.daemon.version : null, loose('daemon'), loose('virtiofsd')]),
    kernel: distinct([s?.kernel ?? null, rec?.imported?.kernel ?? null, loose('kernel')]),
    accel: distinct([guest?.accel ?? null, ...pick((r) => r.accel)]),
    accelReason: guest?.accel_reason ?? null,
    mount: distinct([s?.mount ?? null, ...pick((r) => r.mount), header?.['MOUNTPOINT'] ?? null]),
  };
}

function envDetails(d: ReportDataset, env: string, layout: Layout): SafeHtml {
  const rec = d.context.envs.find((e) => e.name === env);
  const first = d.runs.find((r) => r.env === env);
  const f = envFacts(d, env, rec);
  const isHost = (rec?.fs ?? first?.fs) === 'host';
  const more = flatten(Object.fromEntries(Object.entries(rec ?? {}).filter(([k]) => !ENV_META_KEYS.has(k))));
  const fios = distinct(d.runs.filter((r) => r.env === env).map((r) => r.fio_version));
  const item = (label: string, values: string[], none: string) => html`<span class="fact">${label} ${list(values, none)}</span>`;
  return html`<details class="env" data-env="${env}"><summary><strong>${layout.series.labelOf(d.name, env, null)}</strong>:
<span class="facts">${isHost ? html`host directory, no guest` : html`${item('QEMU', f.qemu, 'not recorded')}; ${item('daemon', f.daemon, 'not recorded')}`};
${item('kernel', f.kernel, 'not recorded')}; ${item('accelerator', f.accel, isHost ? 'none (host)' : 'not recorded')}\
${f.accelReason ? html` (${f.accelReason})` : ''};
${item('mount', f.mount, 'not recorded')}</span></summary>
<dl class="facts">
<dt>fs, cache, DAX, NUMA node</dt><dd>${rec?.fs ?? first?.fs ?? '–'}, ${rec?.cache ?? first?.cache ?? '–'}, \
${(rec?.dax ?? first?.dax) ? 'DAX' : 'no DAX'}, ${rec?.numa ?? first?.numa ?? 'not pinned'}</dd>
<dt>fio</dt><dd>${list(fios, '–')}</dd>
</dl>
${more.length === 0 ? '' : kvTable(more)}
</details>
`;
}

/** The campaign run's provenance without its bulk: the plan is counted, the campaign named. */
function executionSummary(execution: ExecutionRecord): Record<string, unknown> {
  const { plan, campaign, ...rest } = execution;
  return {
    ...rest,
    planned_runs: plan.length,
    campaign: { name: campaign.name, description: campaign.description, repeats: campaign.repeats, timeout_ms: campaign.timeout_ms },
  };
}

function kvTable(rows: Array<[string, string]>): SafeHtml {
  if (rows.length === 0) return html`<p class="none">not recorded</p>`;
  return html`<table class="kv"><tbody>${rows.map(([k, v]) => html`<tr><th>${k}</th><td><code>${v}</code></td></tr>`)}</tbody></table>`;
}
