import type { TopLevelSpec } from 'vega-lite';
import type { SummaryRow } from '@sharebench/analysis';
import { formatIn, formatListIn, unitFor, type Unit, type UnitKind } from '../model/format.js';
import type { Layout } from '../model/layout.js';
import type { ReportDataset } from '../types.js';
import { CONFIG, offsetStep, tip, VL_SCHEMA } from './common.js';

export interface BarMetric {
  /** Summary metric prefix: `bw_bytes` or `iops`. */
  field: 'bw_bytes' | 'iops';
  kind: UnitKind;
  /** The unit of the value axis. */
  axisUnit: Unit;
  title: string;
  axisFormat?: string;
}

const CELL_HEIGHT = 120;

/** Bars of one summary metric: rows = workload (x direction), columns = ioengine, x = jobs at once, xOffset/colour = configuration. */
export function groupedBarsSpec(datasets: readonly ReportDataset[], layout: Layout, metric: BarMetric): TopLevelSpec {
  const values = datasets.flatMap((d) => d.summary.map((r) => barDatum(d.name, r, layout, metric)));
  const labels = layout.series.list.map((s) => s.label);
  const x = { field: 'variant', type: 'nominal' as const, sort: layout.variants, axis: { title: null, labelAngle: 0 } };
  const xOffset = { field: 'series', type: 'nominal' as const, sort: labels, scale: { domain: labels } };
  const color = {
    field: 'series',
    type: 'nominal' as const,
    scale: { domain: labels, range: layout.palette },
    legend: { title: 'configuration', symbolType: 'square', columns: labels.length > 12 ? 2 : 1 },
  };
  const tooltip = [
    tip('series', 'configuration'),
    tip('job', 'job'),
    tip('direction', 'direction'),
    tip('status', 'status'),
    tip('runs', 'ok runs (n)'),
    tip('mean', 'mean'),
    tip('sd', 'sd'),
    tip('ci95', '95% CI of the mean'),
    tip('range', 'min – max'),
    tip('samples', 'samples'),
    tip('error_bar', 'error bar'),
    tip('error', 'not ok'),
  ];
  return {
    $schema: VL_SCHEMA,
    title: {
      text: metric.title,
      subtitle: [
        'Mean over ok repeats. Error bars: 95% CI of the mean (Student t) with 2+ ok repeats, otherwise min–max (hover: "error bar").',
        '× = no result for that configuration (failed or unsupported; hover for why). Each panel has its own scale.',
      ],
    },
    data: { values },
    facet: {
      row: { field: 'panel', type: 'nominal', sort: layout.panels.map((p) => p.label), header: { title: null, labelAngle: 0, labelAlign: 'left', labelOrient: 'left', labelLimit: 130 } },
      column: { field: 'ioengine', type: 'nominal', sort: layout.engines, header: { title: 'ioengine', labelOrient: 'top' } },
    },
    spec: {
      width: { step: offsetStep(labels.length * layout.variants.length), for: 'offset' },
      height: CELL_HEIGHT,
      layer: [
        {
          transform: [{ filter: { field: 'value', valid: true } }],
          mark: { type: 'bar' },
          encoding: {
            x,
            xOffset,
            y: { field: 'value', type: 'quantitative', title: axisTitle(metric), axis: metric.axisFormat ? { format: metric.axisFormat } : {} },
            color,
            tooltip,
          },
        },
        {
          transform: [{ filter: { field: 'lo', valid: true } }, { filter: { field: 'hi', valid: true } }],
          mark: { type: 'rule', color: '#222', strokeWidth: 1.2 },
          encoding: { x, xOffset, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, tooltip },
        },
        {
          transform: [{ filter: { not: { field: 'value', valid: true } } }],
          mark: { type: 'text', text: '×', fontSize: 14, fontWeight: 'bold', baseline: 'bottom' },
          encoding: { x, xOffset, y: { value: CELL_HEIGHT }, color, tooltip },
        },
      ],
    },
    resolve: { scale: { y: 'independent' } },
    config: CONFIG,
  };
}

function axisTitle(metric: BarMetric): string {
  return `${metric.field === 'bw_bytes' ? 'bandwidth' : 'IOPS'} (${metric.axisUnit.name})`;
}

function barDatum(dataset: string, r: SummaryRow, layout: Layout, metric: BarMetric): Record<string, unknown> {
  const f = metric.field;
  const mean = r[`${f}_mean`];
  const ok = mean !== null && r.n_ok > 0;
  const useCi = r.n_ok >= 2 && r[`${f}_ci95_lo`] !== null && r[`${f}_ci95_hi`] !== null;
  const lo = useCi ? r[`${f}_ci95_lo`] : r[`${f}_min`];
  const hi = useCi ? r[`${f}_ci95_hi`] : r[`${f}_max`];
  const unit = unitFor(metric.kind, mean);
  const scaled = (v: number | null) => (ok && v !== null ? v / metric.axisUnit.scale : null);
  return {
    series: layout.series.labelOf(dataset, r.env, r.hostname),
    panel: layout.panelOf(r.workload, r.direction),
    ioengine: r.ioengine,
    variant: layout.variantOf(r.numjobs),
    job: r.job,
    direction: r.direction,
    status: r.status,
    value: scaled(mean),
    lo: scaled(lo),
    hi: scaled(hi),
    runs: `${r.n_ok} of ${r.n}`,
    mean: formatIn(unit, mean),
    sd: formatIn(unit, r[`${f}_sd`]),
    ci95: useCi ? `${formatIn(unit, r[`${f}_ci95_lo`])} – ${formatIn(unit, r[`${f}_ci95_hi`])}` : 'n/a (fewer than 2 ok repeats)',
    range: ok ? `${formatIn(unit, r[`${f}_min`])} – ${formatIn(unit, r[`${f}_max`])}` : '–',
    samples: formatListIn(unit, r[`${f}_samples`] ?? []),
    error_bar: !ok ? 'none' : useCi ? '95% CI' : 'min–max (n < 2)',
    error: r.error ?? '–',
  };
}
