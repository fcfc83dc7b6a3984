import type { DatasetContext, RunRow, SpeedupRow, SummaryRow } from '@sharebench/analysis';

/** One dataset as the report reads it: its context.json and its three tables. */
export interface ReportDataset {
  name: string;
  context: DatasetContext;
  runs: RunRow[];
  summary: SummaryRow[];
  speedups: SpeedupRow[];
}
