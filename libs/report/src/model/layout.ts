import { SEED_IOENGINES, WORKLOADS } from '@sharebench/core';
import type { ReportDataset } from '../types.js';
import { DIRECTION_ORDER, orderBy } from './order.js';
import { buildSeries, type SeriesIndex } from './series.js';

/** A facet row: a workload, split by direction when it moves data both ways (randrw). */
export interface Panel {
  label: string;
  workload: string;
  direction: string;
}

/** What every chart shares, so that envs, jobs and colours line up from chart to chart. */
export interface Layout {
  series: SeriesIndex;
  workloads: string[];
  engines: string[];
  panels: Panel[];
  panelOf(workload: string, direction: string): string;
  /** Single-job and multi-job columns, ascending numjobs. */
  variants: string[];
  variantOf(numjobs: number): string;
  /** Colour of each series label, in series order. */
  palette: string[];
}

// tableau10 then the lighter half of tableau20: distinguishable up to 20 configurations.
const PALETTE = [
  '#4c78a8', '#f58518', '#e45756', '#72b7b2', '#54a24b', '#eeca3b', '#b279a2', '#ff9da6', '#9d755d', '#bab0ac',
  '#1f77b4', '#aec7e8', '#ff7f0e', '#ffbb78', '#2ca02c', '#98df8a', '#d62728', '#ff9896', '#9467bd', '#c5b0d5',
];

export function buildLayout(datasets: readonly ReportDataset[]): Layout {
  const rows = datasets.flatMap((d) => [...d.summary, ...d.runs]);
  const workloads = orderBy(rows.map((r) => r.workload), WORKLOADS);
  const engines = orderBy(rows.map((r) => r.ioengine), SEED_IOENGINES);
  const directionsOf = new Map<string, string[]>();
  for (const w of workloads) {
    directionsOf.set(w, orderBy(rows.filter((r) => r.workload === w).map((r) => r.direction), DIRECTION_ORDER));
  }
  const panelOf = (workload: string, direction: string) =>
    (directionsOf.get(workload)?.length ?? 1) > 1 ? `${workload} · ${direction}` : workload;
  const panels = workloads.flatMap((workload) =>
    directionsOf.get(workload)!.map((direction) => ({ label: panelOf(workload, direction), workload, direction })),
  );
  const variantOf = (numjobs: number) => (numjobs === 1 ? '1 job' : `${numjobs} jobs`);
  const variants = [...new Set(rows.map((r) => r.numjobs))].sort((a, b) => a - b).map(variantOf);
  const series = buildSeries(datasets);
  const palette = series.list.map((_, i) => PALETTE[i % PALETTE.length]!);
  return { series, workloads, engines, panels, panelOf, variants, variantOf, palette };
}
