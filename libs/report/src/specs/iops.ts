import type { TopLevelSpec } from 'vega-lite';
import { UNITS } from '../model/format.js';
import { buildLayout, type Layout } from '../model/layout.js';
import type { ReportDataset } from '../types.js';
import { isIoRow } from '../model/families.js';
import { groupedBarsSpec } from './grouped-bars.js';

/** IOPS per workload and ioengine, grouped by configuration, single- and multi-job side by side. */
export function iopsSpec(datasets: readonly ReportDataset[], layout: Layout = buildLayout(datasets)): TopLevelSpec {
  return groupedBarsSpec(datasets, layout, {
    field: 'iops',
    kind: 'ioPerSecond',
    axisUnit: UNITS.ioPerSecond[0]!,
    title: 'IOPS',
    axisFormat: '~s',
    rows: isIoRow,
  });
}
