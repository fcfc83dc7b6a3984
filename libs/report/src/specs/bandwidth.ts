import type { TopLevelSpec } from 'vega-lite';
import { UNITS } from '../model/format.js';
import { buildLayout, type Layout } from '../model/layout.js';
import type { ReportDataset } from '../types.js';
import { isIoRow } from '../model/families.js';
import { groupedBarsSpec } from './grouped-bars.js';

/** Bandwidth (MiB/s) per workload and ioengine, grouped by configuration, single- and multi-job side by side. */
export function bandwidthSpec(datasets: readonly ReportDataset[], layout: Layout = buildLayout(datasets)): TopLevelSpec {
  return groupedBarsSpec(datasets, layout, {
    field: 'bw_bytes',
    kind: 'bytesPerSecond',
    axisUnit: UNITS.bytesPerSecond[2]!,
    title: 'Bandwidth',
    rows: isIoRow,
  });
}
