import type { TopLevelSpec } from 'vega-lite';
import { describeSamples, type RunRow } from '@sharebench/analysis';
import { formatIn, formatListIn, unitFor } from '../model/format.js';
import { isOpsRow } from '../model/families.js';
import { buildLayout, type Layout } from '../model/layout.js';
import type { ReportDataset } from '../types.js';
import { CONFIG, configurationColor, offsetStep, tip, VL_SCHEMA } from './common.js';

const PERCENTILES = ['p50', 'p99'] as const;

/**
 * Completion latency (clat) p50 and p99 per configuration: rows = workload (x direction),
 * columns = ioengine, y = jobs at once, yOffset/colour = configuration, x = µs on a log scale
 * shared by every panel; a rule joins each cell's p50 (circle) and p99 (triangle).
 */
export function latencySpec(datasets: readonly ReportDataset[], layout: Layout = buildLayout(datasets)): TopLevelSpec {
  const values = datasets.flatMap((d) => latencyData(d.name, d.runs, layout));
  const labels = layout.series.list.map((s) => s.label);
  // Drawn only when job counts differ: a lone "1 job" label in every panel says nothing.
  const y = { field: 'variant', type: 'nominal' as const, sort: layout.variants, axis: layout.variants.length > 1 ? { title: null } : null };
  const yOffset = { field: 'series', type: 'nominal' as const, sort: labels, scale: { domain: labels } };
  const color = configurationColor(labels, layout.palette);
  const tooltip = [
    tip('series', 'configuration'),
    tip('job', 'job'),
    tip('direction', 'direction'),
    tip('runs', 'ok runs (n)'),
    tip('p50_text', 'p50: mean ± sd'),
    tip('p50_ci', 'p50: 95% CI of the mean'),
    tip('p50_samples', 'p50: samples'),
    tip('p99_text', 'p99: mean ± sd'),
    tip('p99_ci', 'p99: 95% CI of the mean'),
    tip('p99_samples', 'p99: samples'),
  ];
  const xScale = { type: 'log' as const, domain: decades(values) };
  const xAxis = { values: decadeTicks(values), format: '~s', grid: true };
  return {
    $schema: VL_SCHEMA,
    title: {
      text: 'Completion latency (clat), p50 and p99',
      subtitle: [
        "Mean over ok repeats of fio's per-run percentiles; ● p50, ▲ p99. Log scale, shared by every panel.",
        'Configurations without a result are not drawn here: see the table of failed and unsupported cells.',
      ],
    },
    data: { values },
    facet: {
      row: {
        field: 'panel',
        type: 'nominal',
        sort: layout.panels.map((p) => p.label),
        header: { title: null, labelAngle: 0, labelAlign: 'left', labelOrient: 'left', labelLimit: 130 },
      },
      column: { field: 'ioengine', type: 'nominal', sort: layout.engines, header: { title: 'ioengine', labelOrient: 'top' } },
    },
    spec: {
      width: 220,
      height: { step: offsetStep(labels.length * layout.variants.length, 110), for: 'offset' },
      layer: [
        {
          mark: { type: 'rule', strokeWidth: 1.5 },
          encoding: {
            y,
            yOffset,
            x: { field: 'p50', type: 'quantitative', scale: xScale, axis: xAxis, title: 'completion latency (µs)' },
            x2: { field: 'p99' },
            color,
            tooltip,
          },
        },
        {
          transform: [{ fold: [...PERCENTILES], as: ['percentile', 'latency'] }],
          mark: { type: 'point', filled: true, size: 36, opacity: 1 },
          encoding: {
            y,
            yOffset,
            x: { field: 'latency', type: 'quantitative', scale: xScale, axis: xAxis, title: 'completion latency (µs)' },
            shape: {
              field: 'percentile',
              type: 'nominal',
              scale: { domain: [...PERCENTILES], range: ['circle', 'triangle-up'] },
              legend: { title: 'percentile' },
            },
            color,
            tooltip,
          },
        },
      ],
    },
    config: CONFIG,
  };
}

function latencyData(dataset: string, runs: readonly RunRow[], layout: Layout): Array<Record<string, unknown>> {
  const cells = new Map<string, RunRow[]>();
  for (const r of runs) {
    // Per-operation latency of metadata jobs is in the small-files section's tooltips and table.
    if (isOpsRow(r)) continue;
    const key = [r.env, r.job, r.direction, r.hostname ?? ''].join('\u0000');
    if (!cells.has(key)) cells.set(key, []);
    cells.get(key)!.push(r);
  }
  const out: Array<Record<string, unknown>> = [];
  for (const rows of cells.values()) {
    const ok = rows.filter((r) => r.status === 'ok' && r.clat_p50_ns !== null && r.clat_p99_ns !== null && r.clat_p50_ns > 0 && r.clat_p99_ns > 0);
    if (ok.length === 0) continue;
    const first = rows[0]!;
    const p50 = ok.sort((a, b) => a.repeat - b.repeat).map((r) => r.clat_p50_ns!);
    const p99 = ok.map((r) => r.clat_p99_ns!);
    const s50 = describeSamples(p50);
    const s99 = describeSamples(p99);
    const u50 = unitFor('nanoseconds', s50.mean);
    const u99 = unitFor('nanoseconds', s99.mean);
    const ci = (s: typeof s50, u: typeof u50) =>
      s.ci95_lo === null || s.ci95_hi === null ? 'n/a (fewer than 2 ok repeats)' : `${formatIn(u, s.ci95_lo)} – ${formatIn(u, s.ci95_hi)}`;
    out.push({
      series: layout.series.labelOf(dataset, first.env, first.hostname),
      panel: layout.panelOf(first.workload, first.direction),
      ioengine: first.ioengine,
      variant: layout.variantOf(first.numjobs),
      job: first.job,
      direction: first.direction,
      p50: s50.mean! / 1e3,
      p99: s99.mean! / 1e3,
      runs: `${ok.length} of ${rows.length}`,
      p50_text: `${formatIn(u50, s50.mean)} ± ${formatIn(u50, s50.sd)}`,
      p50_ci: ci(s50, u50),
      p50_samples: formatListIn(u50, p50),
      p99_text: `${formatIn(u99, s99.mean)} ± ${formatIn(u99, s99.sd)}`,
      p99_ci: ci(s99, u99),
      p99_samples: formatListIn(u99, p99),
    });
  }
  return out;
}

// Whole decades around every latency: a log axis labelled 1, 10, 100, ... reads at a glance.
function decades(values: ReadonlyArray<Record<string, unknown>>): [number, number] {
  const all = values.flatMap((v) => [v['p50'] as number, v['p99'] as number]);
  if (all.length === 0) return [1, 1000];
  return [10 ** Math.floor(Math.log10(Math.min(...all))), 10 ** Math.ceil(Math.log10(Math.max(...all)))];
}

function decadeTicks(values: ReadonlyArray<Record<string, unknown>>): number[] {
  const [lo, hi] = decades(values);
  const ticks: number[] = [];
  for (let t = lo; t <= hi * 1.0001; t *= 10) ticks.push(Number(t.toPrecision(1)));
  return ticks;
}
