import type { TopLevelSpec } from 'vega-lite';
import { UNITS } from '../model/format.js';
import { DEVLOOP_FAMILY, isDevloopRow, isSmallFilesRow, OPS_FAMILIES, opsFamilyOf } from '../model/families.js';
import { buildLayout, type Layout } from '../model/layout.js';
import { orderBy } from '../model/order.js';
import type { ReportDataset } from '../types.js';
import { groupedBarsSpec } from './grouped-bars.js';

/**
 * Operations per second of the metadata and tree jobs: one row per family (fio's metadata engines,
 * the file tree), one cell per operation, bars by configuration with the 95% CI.
 */
export function opsPerSecondSpec(datasets: readonly ReportDataset[], layout: Layout = buildLayout(datasets)): TopLevelSpec {
  const operations = orderBy(
    datasets.flatMap((d) => d.summary.filter(isSmallFilesRow).map((r) => r.workload)),
    OPS_FAMILIES.flatMap((f) => f.workloads),
  );
  return groupedBarsSpec(datasets, layout, {
    field: 'ops_per_s',
    kind: 'opsPerSecond',
    axisUnit: UNITS.opsPerSecond[0]!,
    title: 'Operations per second',
    axisFormat: '~s',
    rows: isSmallFilesRow,
    grid: {
      rows: [...OPS_FAMILIES.map((f) => f.label), 'other'],
      columns: operations,
      rowOf: (r) => opsFamilyOf(r.workload),
      columnOf: (r) => r.workload,
    },
  });
}

/**
 * Operations per second of the developer loops: one cell per operation (git's, the npm-shaped
 * install and removal, sqlite3's inserts), bars by configuration with the 95% CI.
 */
export function devloopOpsSpec(datasets: readonly ReportDataset[], layout: Layout = buildLayout(datasets)): TopLevelSpec {
  const operations = orderBy(datasets.flatMap((d) => d.summary.filter(isDevloopRow).map((r) => r.workload)), DEVLOOP_FAMILY.workloads);
  return groupedBarsSpec(datasets, layout, {
    field: 'ops_per_s',
    kind: 'opsPerSecond',
    axisUnit: UNITS.opsPerSecond[0]!,
    title: 'Operations per second',
    axisFormat: '~s',
    rows: isDevloopRow,
    grid: { rows: [DEVLOOP_FAMILY.label], columns: operations, rowOf: () => DEVLOOP_FAMILY.label, columnOf: (r) => r.workload },
  });
}
