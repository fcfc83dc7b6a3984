import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { replaceDirectory } from '@sharebench/core';
import {
  RESULTS_SCHEMA,
  RESULTS_SCHEMA_KEY,
  RUNS_COLUMNS,
  SEMANTICS_COLUMNS,
  SPEEDUPS_COLUMNS,
  SUMMARY_COLUMNS,
  type RunRow,
  type SemanticsRow,
  type SpeedupRow,
  type SummaryRow,
} from '../schema.js';
import { toArrowIpc } from '../format/to-arrow.js';
import { toParquet } from '../format/to-parquet.js';

export interface Tables {
  runs: RunRow[];
  summary: SummaryRow[];
  speedups: SpeedupRow[];
  /** What works where (the semantics probe); empty when it never ran. */
  semantics: SemanticsRow[];
}

/**
 * Writes results/{runs,summary,speedups,semantics}.arrow and the same tables as .parquet (for DuckDB,
 * pandas, polars, Spark) as one unit: into a temporary sibling directory, then swapped in by
 * rename, so readers see the old set or the new one, never a mix.
 */
export async function writeResults(dataset: string, tables: Tables): Promise<void> {
  await replaceDirectory(join(dataset, 'results'), (dir) => writeTables(dir, tables));
}

/** The eight files of results/ written into `dir` as they are (the caller makes the whole atomic). */
export async function writeTables(dir: string, tables: Tables): Promise<void> {
  const version = { [RESULTS_SCHEMA_KEY]: String(RESULTS_SCHEMA) };
  await writeFile(join(dir, 'runs.arrow'), toArrowIpc(tables.runs, RUNS_COLUMNS, version));
  await writeFile(join(dir, 'summary.arrow'), toArrowIpc(tables.summary, SUMMARY_COLUMNS, version));
  await writeFile(join(dir, 'speedups.arrow'), toArrowIpc(tables.speedups, SPEEDUPS_COLUMNS, version));
  await writeFile(join(dir, 'runs.parquet'), toParquet(tables.runs, RUNS_COLUMNS));
  await writeFile(join(dir, 'summary.parquet'), toParquet(tables.summary, SUMMARY_COLUMNS));
  await writeFile(join(dir, 'speedups.parquet'), toParquet(tables.speedups, SPEEDUPS_COLUMNS));
  await writeFile(join(dir, 'semantics.arrow'), toArrowIpc(tables.semantics, SEMANTICS_COLUMNS, version));
  await writeFile(join(dir, 'semantics.parquet'), toParquet(tables.semantics, SEMANTICS_COLUMNS));
}
