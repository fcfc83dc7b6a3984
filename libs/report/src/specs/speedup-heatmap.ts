import type { TopLevelSpec } from 'vega-lite';
import { FAMILY_TITLES, isReason, REASON_WORDS, type SpeedupRow, type SummaryRow } from '@sharebench/analysis';
import { formatIn, formatListIn, unitFor } from '../model/format.js';
import { buildLayout, type Layout } from '../model/layout.js';
import { jobColumnLabel, orderedJobColumns } from '../model/job-columns.js';
import type { ReportDataset } from '../types.js';
import { CONFIG, tip, VL_SCHEMA } from './common.js';

const SIGNIFICANCE = {
  yes: 'CI excludes 1',
  no: 'CI includes 1 (not significant)',
  unknown: 'no CI (< 2 ok repeats on a side)',
} as const;

/** What a heatmap compares: the speedups of one metric, and how to say it. */
const METRICS = {
  bw_bytes: { title: 'Bandwidth ratio, candidate ÷ baseline', what: 'bandwidth', unit: 'bytesPerSecond' },
  ops_per_s: { title: 'Operations per second ratio, candidate ÷ baseline', what: 'operations per second', unit: 'opsPerSecond' },
} as const;

/**
 * Ratios of the compared pairs in one metric (bandwidth by default; operations per second for the
 * metadata and tree jobs): x = pair, y = job (x direction), colour = log2(ratio) on a diverging
 * scheme centred at 0 (blue = candidate faster). Cells whose 95% CI includes 1, or that have no
 * CI, are faded and their ratio is in parentheses; pairs with no ratio are grey "n/a" with the
 * reason in the tooltip. Given a `family` (a speedups `family` value), only its pairs: the report
 * draws one heatmap per family so that none grows wider than the page.
 */
export function speedupHeatmapSpec(
  datasets: readonly ReportDataset[],
  layout: Layout = buildLayout(datasets),
  options: { metric?: keyof typeof METRICS; family?: string; rows?: (s: SpeedupRow) => boolean } = {},
): TopLevelSpec {
  const metric = options.metric ?? 'bw_bytes';
  const m = METRICS[metric];
  const family = options.family;
  const shown = (s: SpeedupRow) => s.metric === metric && (family === undefined || s.family === family) && (options.rows?.(s) ?? true);
  const values = datasets.flatMap((d) => {
    const cells = new Map(d.summary.map((r) => [cellKey(r.env, r), r]));
    return d.speedups.filter(shown).map((s) => heatDatum(d.name, s, layout, cells, metric));
  });
  const pairs = [...new Set(values.map((v) => v['pair'] as string))];
  const jobs = orderedJobColumns(layout, datasets.flatMap((d) => d.speedups.filter(shown)));
  const maxAbs = Math.max(1, ...values.map((v) => Math.abs((v['log2_ratio'] as number | null) ?? 0)));
  const extent = Math.ceil(maxAbs);
  const x = {
    field: 'pair',
    type: 'nominal' as const,
    sort: pairs,
    // Upright labels: slanted ones reached past the last column, out of the page at the study's size.
    axis: {
      title: 'candidate ÷ baseline',
      orient: 'top' as const,
      labelAngle: -90,
      labelAlign: 'left' as const,
      labelBaseline: 'middle' as const,
      labelLimit: 300,
    },
  };
  const y = { field: 'column', type: 'nominal' as const, sort: jobs, axis: { title: null } };
  const tooltip = [
    tip('pair', 'pair'),
    tip('kind', 'why compared'),
    tip('job', 'job'),
    tip('direction', 'direction'),
    tip('ratio_text', `ratio (${m.what})`),
    tip('ci95', '95% CI of the ratio'),
    tip('significance', 'significance'),
    tip('candidate_stats', 'candidate mean (n)'),
    tip('candidate_samples', 'candidate samples'),
    tip('baseline_stats', 'baseline mean (n)'),
    tip('baseline_samples', 'baseline samples'),
    tip('status', 'status'),
    tip('reason', 'reason'),
    tip('error', 'why no ratio or no CI'),
  ];
  return {
    $schema: VL_SCHEMA,
    title: {
      text: `${m.title}${family === undefined ? '' : `: ${FAMILY_TITLES[family] ?? `family ${family}`}`}`,
      subtitle: [
        'Colour: log2 of the ratio of means, blue = candidate faster, red = slower, white = equal.',
        'Faded, in parentheses: the 95% CI of the ratio includes 1, or there is no CI (fewer than 2 ok repeats). Grey n/a: no ratio (hover for why).',
      ],
    },
    data: { values },
    // 46 px holds "(0.00729)" at font size 10; with the legends below, the study's widest family
    // (24 pairs) stays within a 1400 px page.
    width: { step: 46 },
    height: { step: 18 },
    encoding: { x, y, tooltip },
    layer: [
      {
        transform: [{ filter: { field: 'log2_ratio', valid: true } }],
        mark: { type: 'rect' },
        encoding: {
          color: {
            field: 'log2_ratio',
            type: 'quantitative',
            scale: { scheme: 'redblue', domain: [-extent, extent], domainMid: 0, clamp: true },
            legend: { title: 'ratio', orient: 'bottom', labelExpr: "format(pow(2, datum.value), '.3~g') + '×'", gradientLength: 160 },
          },
          opacity: {
            field: 'significance',
            type: 'ordinal',
            scale: { domain: Object.values(SIGNIFICANCE), range: [1, 0.35, 0.35] },
            legend: { title: 'significance', orient: 'bottom', symbolType: 'square' },
          },
        },
      },
      {
        transform: [{ filter: { not: { field: 'log2_ratio', valid: true } } }],
        mark: { type: 'rect', fill: '#e4e4e4' },
      },
      {
        mark: { type: 'text', fontSize: 10 },
        encoding: {
          text: { field: 'label', type: 'nominal' },
          color: {
            condition: { test: 'isValid(datum.log2_ratio) && abs(datum.log2_ratio) > 0.66 * ' + String(extent), value: 'white' },
            value: '#222',
          },
        },
      },
    ],
    config: CONFIG,
  };
}

function cellKey(env: string, r: Pick<SummaryRow, 'job' | 'direction' | 'hostname'>): string {
  return [env, r.job, r.direction, r.hostname ?? ''].join('\u0000');
}

function heatDatum(dataset: string, s: SpeedupRow, layout: Layout, cells: Map<string, SummaryRow>, metric: keyof typeof METRICS): Record<string, unknown> {
  const label = (env: string) => layout.series.labelOf(dataset, env, s.hostname);
  const significance = s.significant === true ? SIGNIFICANCE.yes : s.significant === false ? SIGNIFICANCE.no : SIGNIFICANCE.unknown;
  const ratio = s.ratio;
  const text = ratio === null ? 'n/a' : ratio.toPrecision(3);
  const side = (env: string, mean: number | null, n: number) => {
    const unit = unitFor(METRICS[metric].unit, mean);
    const row = cells.get(cellKey(env, s));
    return { stats: `${formatIn(unit, mean)} (n=${n})`, samples: formatListIn(unit, row?.[`${metric}_samples`] ?? []) };
  };
  const c = side(s.candidate, s.candidate_mean, s.candidate_n);
  const b = side(s.baseline, s.baseline_mean, s.baseline_n);
  return {
    pair: `${label(s.candidate)} ÷ ${label(s.baseline)}`,
    kind: s.family,
    column: jobColumnLabel(layout, s),
    job: s.job,
    direction: s.direction,
    log2_ratio: s.log2_ratio,
    label: ratio === null ? 'n/a' : s.significant === true ? text : `(${text})`,
    ratio_text: ratio === null ? '–' : `${text}×`,
    ci95: s.ratio_ci95_lo === null || s.ratio_ci95_hi === null ? '–' : `${s.ratio_ci95_lo.toPrecision(3)} – ${s.ratio_ci95_hi.toPrecision(3)}`,
    significance: ratio === null ? '–' : significance,
    candidate_stats: c.stats,
    candidate_samples: c.samples,
    baseline_stats: b.stats,
    baseline_samples: b.samples,
    status: s.status,
    reason: s.reason === null ? '–' : isReason(s.reason) ? REASON_WORDS[s.reason] : s.reason,
    error: s.error ?? '–',
  };
}
