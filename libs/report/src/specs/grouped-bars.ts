import type { TopLevelSpec } from 'vega-lite';
import type { SummaryRow } from '@sharebench/analysis';
import { formatIn, formatListIn, unitFor, type Unit, type UnitKind } from '../model/format.js';
import type { Layout } from '../model/layout.js';
import type { ReportDataset } from '../types.js';
import { CONFIG, configurationColor, offsetStep, tip, VL_SCHEMA } from './common.js';
import { cellConditions } from '../model/conditions.js';

export interface BarMetric {
  /** Summary metric prefix: `bw_bytes`, `iops`, or `ops_per_s`. */
  field: 'bw_bytes' | 'iops' | 'ops_per_s';
  kind: UnitKind;
  /** The unit of the value axis. */
  axisUnit: Unit;
  title: string;
  axisFormat?: string;
  /** The summary rows to draw (default: all). */
  rows?: (r: SummaryRow) => boolean;
  /**
   * The grid's rows and columns (default: workload x direction panels by ioengine, every row
   * with every column). Given, each row has only the columns it has data for, each titled.
   */
  grid?: { rows: readonly string[]; columns: readonly string[]; rowOf: (r: SummaryRow) => string; columnOf: (r: SummaryRow) => string };
}

const CELL_HEIGHT = 120;

const INDEPENDENT_CELLS = { scale: { color: 'shared', x: 'independent', xOffset: 'independent', y: 'independent' } } as const;

/**
 * Bars of one summary metric in a grid: rows = workload (x direction), columns = ioengine, and in
 * each cell x = jobs at once, xOffset/colour = configuration, each cell with its own value scale.
 * A grid of concatenated cells rather than a facet: a facet cell whose runs all failed would have
 * no values to size its independent scale (Vega warns of an infinite extent); here such a cell
 * simply has no bar layer, only its × markers.
 */
export function groupedBarsSpec(datasets: readonly ReportDataset[], layout: Layout, metric: BarMetric): TopLevelSpec {
  const include = metric.rows ?? (() => true);
  const values = datasets.flatMap((d) => {
    const measured = cellConditions(d.runs);
    return d.summary.filter(include).map((r): Record<string, unknown> => ({ ...barDatum(d.name, r, layout, metric), conditions: measured(r) }));
  });
  const labels = layout.series.list.map((s) => s.label);
  const panels = (metric.grid?.rows ?? layout.panels.map((p) => p.label)).filter((p) => values.some((v) => v['panel'] === p));
  const engines = (metric.grid?.columns ?? layout.engines).filter((e) => values.some((v) => v['ioengine'] === e));
  const cellValues = (panel: string, engine: string) => values.filter((v) => v['panel'] === panel && v['ioengine'] === engine);
  // A given grid drops the cells a row has no data for; the default grid keeps every cell aligned.
  const columnsOf = (panel: string) => (metric.grid ? engines.filter((e) => cellValues(panel, e).length > 0) : engines);
  // Each cell offsets only the configurations and job counts it has: combined datasets with
  // different envs would otherwise leave most slots empty. Colours stay global.
  const present = (data: Array<Record<string, unknown>>, key: string, order: readonly string[]) => order.filter((o) => data.some((v) => v[key] === o));
  const slots = Math.max(
    1,
    ...panels.flatMap((p) =>
      engines.map((e) => {
        const data = cellValues(p, e);
        return present(data, 'variant', layout.variants).length * present(data, 'series', labels).length;
      }),
    ),
  );
  const width = Math.max(110, Math.round((slots * offsetStep(slots)) / 0.8));
  const color = configurationColor(labels, layout.palette);
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
    ...(metric.field === 'ops_per_s' ? [tip('elapsed', 'time of the operation'), tip('per_op', 'latency per operation (fio)')] : []),
    tip('error', 'not ok'),
    tip('conditions', 'measured under'),
  ];
  const valid = (v: Record<string, unknown>, field: string) => typeof v[field] === 'number' && Number.isFinite(v[field]);
  const cell = (panel: string, engine: string, firstRow: boolean, firstColumn: boolean) => {
    const data = cellValues(panel, engine);
    const variants = present(data, 'variant', layout.variants);
    const series = present(data, 'series', labels);
    // A "1 job" label under every panel says nothing: the axis is drawn only when job counts differ.
    const axis = layout.variants.length > 1 ? { title: null, labelAngle: 0 } : null;
    const x = { field: 'variant', type: 'nominal' as const, sort: variants, scale: { domain: variants }, axis };
    const xOffset = { field: 'series', type: 'nominal' as const, sort: series, scale: { domain: series } };
    const title = firstRow || metric.grid ? { text: engine, fontSize: 12 } : undefined;
    const y = {
      field: 'value',
      type: 'quantitative' as const,
      title: firstColumn ? [panel, axisTitle(metric)] : null,
      axis: metric.axisFormat ? { format: metric.axisFormat } : {},
    };
    if (data.length === 0) {
      return {
        ...(title ? { title } : {}),
        width,
        height: CELL_HEIGHT,
        data: { values: [{}] },
        mark: { type: 'text' as const, text: 'no runs', color: '#999' },
      };
    }
    const layer = [];
    if (data.some((v) => valid(v, 'value'))) {
      layer.push({ transform: [{ filter: { field: 'value', valid: true } }], mark: { type: 'bar' as const }, encoding: { x, xOffset, y, color, tooltip } });
    }
    if (data.some((v) => valid(v, 'lo') && valid(v, 'hi'))) {
      layer.push({
        transform: [{ filter: { field: 'lo', valid: true } }, { filter: { field: 'hi', valid: true } }],
        mark: { type: 'rule' as const, color: '#222', strokeWidth: 1.2 },
        encoding: { x, xOffset, y: { field: 'lo', type: 'quantitative' as const }, y2: { field: 'hi' }, tooltip },
      });
    }
    if (data.some((v) => !valid(v, 'value'))) {
      layer.push({
        transform: [{ filter: { not: { field: 'value', valid: true } } }],
        mark: { type: 'text' as const, text: '×', fontSize: 14, fontWeight: 'bold' as const, baseline: 'bottom' as const },
        encoding: { x, xOffset, y: { value: CELL_HEIGHT }, color, tooltip },
      });
    }
    return { ...(title ? { title } : {}), width, height: CELL_HEIGHT, data: { values: data }, layer };
  };
  return {
    $schema: VL_SCHEMA,
    title: {
      text: metric.title,
      subtitle: [
        'Mean over ok repeats. Error bars: 95% CI of the mean (Student t) with 2+ ok repeats, otherwise min–max (hover: "error bar").',
        '× = no result for that configuration (failed or unsupported; hover for why). Each panel has its own scale.',
      ],
    },
    vconcat: panels.map((panel, i) => ({ hconcat: columnsOf(panel).map((engine, j) => cell(panel, engine, i === 0, j === 0)), resolve: INDEPENDENT_CELLS })),
    resolve: INDEPENDENT_CELLS,
    config: CONFIG,
  } as TopLevelSpec;
}

function axisTitle(metric: BarMetric): string {
  const what = { bw_bytes: 'bandwidth', iops: 'IOPS', ops_per_s: 'operations' }[metric.field];
  return `${what} (${metric.axisUnit.name})`;
}

function barDatum(dataset: string, r: SummaryRow, layout: Layout, metric: BarMetric): Record<string, unknown> {
  const f = metric.field;
  const mean = r[`${f}_mean`];
  const ok = mean !== null && r.n_ok > 0;
  const useCi = r.n_ok >= 2 && r[`${f}_ci95_lo`] !== null && r[`${f}_ci95_hi`] !== null;
  // Bandwidth, IOPS and operations per second cannot be negative: a wide interval is drawn down to 0, not below it (the
  // tooltip keeps the interval as computed).
  const lo = useCi ? Math.max(0, r[`${f}_ci95_lo`]!) : r[`${f}_min`];
  const hi = useCi ? r[`${f}_ci95_hi`] : r[`${f}_max`];
  const unit = unitFor(metric.kind, mean);
  const scaled = (v: number | null) => (ok && v !== null ? v / metric.axisUnit.scale : null);
  return {
    series: layout.series.labelOf(dataset, r.env, r.hostname),
    panel: metric.grid ? metric.grid.rowOf(r) : layout.panelOf(r.workload, r.direction),
    ioengine: metric.grid ? metric.grid.columnOf(r) : r.ioengine,
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
    ...(f === 'ops_per_s' ? opsExtras(r) : {}),
    error_bar: !ok ? 'none' : useCi ? '95% CI' : 'min–max (n < 2)',
    error: r.error ?? '–',
  };
}

// What else a metadata or tree cell's tooltip says: the time an operation took, and per-operation latency.
function opsExtras(r: SummaryRow): Record<string, string> {
  const ns = (v: number | null) => formatIn(unitFor('nanoseconds', v), v);
  return {
    elapsed: r.elapsed_ms_mean === null ? '–' : `${formatIn(unitFor('nanoseconds', r.elapsed_ms_mean * 1e6), r.elapsed_ms_mean * 1e6)} (mean)`,
    per_op: r.clat_p50_ns_mean === null ? '–' : `p50 ${ns(r.clat_p50_ns_mean)}, p99 ${ns(r.clat_p99_ns_mean)}`,
  };
}
