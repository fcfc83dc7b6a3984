export { RUNS_COLUMNS, SUMMARY_COLUMNS, SPEEDUPS_COLUMNS, SEMANTICS_COLUMNS, TABLES, RESULTS_SCHEMA, RESULTS_SCHEMA_KEY } from './schema.js';
export { Reason, isReason, REASON_WORDS, NOT_MEASURED_REASONS, MIN_TICKS, FIO_TICK_MS } from './reasons.js';
export type { ColumnDef, ColumnType, TableName, IdentityRow, RunRow, SummaryRow, SpeedupRow, SemanticsRow, RowOf, Cell } from './schema.js';
export { schemaMarkdown, SCHEMA_MARKERS } from './schema-markdown.js';
export { studentTCdf, studentTQuantile, t95 } from './stats/student-t.js';
export { describeSamples } from './stats/describe-samples.js';
export type { SampleStats } from './stats/describe-samples.js';
export { classifyError } from './rows/classify-error.js';
export { envMetaFromName } from './rows/env-meta-from-name.js';
export { envMetaFromLegacy } from './rows/env-meta-from-legacy.js';
export type { LegacyEnv } from './rows/env-meta-from-legacy.js';
export { recordsToRuns } from './rows/records-to-runs.js';
export { metaRuns } from './rows/meta-runs.js';
export { treeRuns } from './rows/tree-runs.js';
export { devloopRuns } from './rows/devloop-runs.js';
export type { RunContext } from './rows/run-row.js';
export { statusRuns } from './rows/status-runs.js';
export { summarize, summaryReason } from './ops/summarize.js';
export { defaultPairs, speedups } from './ops/speedups.js';
export type { EnvPair, Family, PairableEnv } from './ops/speedups.js';
export { toArrowIpc } from './format/to-arrow.js';
export { fromArrowIpc } from './format/from-arrow.js';
export { toParquet } from './format/to-parquet.js';
export { readContext, writeContext, CONTEXT_FILE, hostProvenance, toolProvenance } from '@sharebench/core';
export type { DatasetContext, ImportEntry } from '@sharebench/core';
export { collectRuns, readManifests } from './dataset/collect-runs.js';
export type { ParsedImports } from './dataset/collect-runs.js';
export { computeTables, computeTablesOf, analyzeDataset } from './dataset/analyze.js';
export { collectSemantics } from './dataset/collect-semantics.js';
export { mergeDatasets } from './dataset/merge-datasets.js';
export type { MergeOptions, Merged, MergedInput } from './dataset/merge-datasets.js';
export { writeResults, writeTables } from './dataset/write-results.js';
export type { Tables } from './dataset/write-results.js';
export { readTableBytes, readTable } from './dataset/load.js';
export { upgradeTable } from './dataset/upgrade-table.js';
export { upgradeRows } from './dataset/upgrade-rows.js';
export { readQueryInput } from './dataset/query-input.js';
export { importFiles, IMPORT_FORMATS } from './dataset/import-files.js';
export type { ImportFormat, ImportOptions, ImportedFile } from './dataset/import-files.js';
export { queryTable, formatTable, formatRows } from './ops/query.js';
export type { QueryOptions } from './ops/query.js';
export { ratioOfMeans } from './stats/ratio-of-means.js';
export type { MeanSide, RatioEstimate } from './stats/ratio-of-means.js';
export { Z95, normalCdf } from './stats/normal.js';
export { chiSquareSf } from './stats/chi-square.js';
export { poolRandomEffects, PoolMethod, Tau2Estimator, isTau2Estimator, RefusedReason } from './stats/random-effects.js';
export type { PoolCell, PoolOptions, PooledEffect, RandomEffectsFit, LogEstimate, RefusedCell } from './stats/random-effects.js';
export { benjaminiHochberg, twoSidedP } from './stats/benjamini-hochberg.js';
export type { FdrResult } from './stats/benjamini-hochberg.js';
export { holm } from './stats/holm.js';
export type { FwerResult } from './stats/holm.js';
export { geometricMeanRatio } from './stats/geometric-mean-ratio.js';
export type { GeometricMeanRatio } from './stats/geometric-mean-ratio.js';
export { findings, comparisonKey, FAMILY_TITLES, FINDING_METRICS, NEGLIGIBLE_RATIO } from './ops/findings.js';
export type {
  Findings,
  FindingsOptions,
  FamilyFinding,
  ComparisonFinding,
  ScopeFinding,
  CellEffect,
  CellGroup,
  CellVerdict,
  Tally,
  Verdict,
} from './ops/findings.js';
export { acrossHosts } from './ops/across-hosts.js';
export type { AcrossHostsFinding, HostEstimate } from './ops/across-hosts.js';
export { poolScope, moreData, isPoolable, hasRatio, PI_MIN_CELLS } from './ops/pool-scope.js';
export type { PooledScope, PoolScopeOptions, MoreData } from './ops/pool-scope.js';
export { findingRows, ALL_WORKLOADS, ALL_COMPARISONS } from './format/finding-rows.js';
export type { FindingRow } from './format/finding-rows.js';
export { compareRuns, compareToBaselines, COMPARE_ALPHA, COMPARE_METRICS, CompareVerdict, GATING_VERDICTS, isCompareMetric } from './ops/compare-runs.js';
export type { CompareMetric, CompareOptions, CompareRow } from './ops/compare-runs.js';
