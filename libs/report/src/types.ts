import type { DatasetContext, RunRow, SemanticsRow, SpeedupRow, SummaryRow } from '@sharebench/analysis';

/** One dataset as the report reads it: its context.json and its tables. */
export interface ReportDataset {
  name: string;
  context: DatasetContext;
  runs: RunRow[];
  summary: SummaryRow[];
  speedups: SpeedupRow[];
  /** What works where (the semantics probe); absent or empty when it never ran. */
  semantics?: SemanticsRow[];
}
