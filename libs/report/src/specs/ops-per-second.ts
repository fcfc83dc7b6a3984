import type { TopLevelSpec } from 'vega-lite';
import { UNITS } from '../model/format.js';
import { DEVLOOP_FAMILY, isDevloopRow, isSmallFilesRow, OPS_FAMILIES, opsFamilyOf } from '../model/families.js';
import { buildLayout, type Layout } from '../model/layout.js';
import { orderBy } from '../model/order.js';
import type { ReportDataset } from '../types.js';
import type { SummaryRow } from '@sharebench/analysis';
import { groupedBarsSpec } from './grouped-bars.js';

// The metric both operations-per-second charts draw, and how.
const OPS_PER_SECOND = {
  field: 'ops_per_s',
  kind: 'opsPerSecond',
  axisUnit: UNITS.opsPerSecond[0]!,
  title: 'Operations per second',
  axisFormat: '~s',
} as const;

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
    ...OPS_PER_SECOND,
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
 * Operations per second of the developer loops: a row of git's operations and one of the
 * npm-shaped install, its removal and sqlite3's inserts, bars by configuration with the 95% CI.
 * The host is left out when there are guests (`guestsOnly`): its bars would flatten theirs, and
 * its numbers are in the findings and the table.
 */
export function devloopOpsSpec(datasets: readonly ReportDataset[], layout: Layout = buildLayout(datasets), guestsOnly = true): TopLevelSpec {
  const hasGuests = datasets.some((d) => d.summary.some((r) => isDevloopRow(r) && r.fs !== 'host'));
  const rows = (r: SummaryRow) => isDevloopRow(r) && !(guestsOnly && hasGuests && r.fs === 'host');
  const operations = orderBy(datasets.flatMap((d) => d.summary.filter(rows).map((r) => r.workload)), DEVLOOP_FAMILY.workloads);
  const rowOf = (r: SummaryRow) => (r.workload.startsWith('git-') ? 'git' : 'npm-shaped install, sqlite3');
  return groupedBarsSpec(datasets, layout, {
    ...OPS_PER_SECOND,
    rows,
    grid: { rows: ['git', 'npm-shaped install, sqlite3'], columns: operations, rowOf, columnOf: (r) => r.workload },
  });
}
