export {
  FsKind,
  Accelerator,
  AccelRequest,
  isAccelRequest,
  isFsKind,
  CacheMode,
  isCacheMode,
  VIRTIOFS_CACHE_MODES,
  NINEP_CACHE_MODES,
  VIRTIOFSD_CACHE_MODES,
  ninepCacheOf,
  CACHE_CLASS,
  RunStatus,
  isRunStatus,
  Direction,
  isDirection,
  WORKLOADS,
  isWorkload,
  WORKLOAD_RW,
  META_WORKLOADS,
  TREE_OPS,
  isTreeOp,
  JobKind,
  OPS_DIRECTION,
  SEED_IOENGINES,
  directionsOf,
  workloadOfRw,
} from './enums.js';
export type { VirtiofsCacheMode, NinepCacheMode, Workload, MetaWorkload, TreeOp } from './enums.js';
export { DEVLOOP_OPS, DEVLOOP_TOOL, isDevloopOp, devloopCounts } from './devloop.js';
export type { DevloopCounts, DevloopOp, DevloopSpec } from './devloop.js';
export { SEMANTICS_RECORD_SCHEMA, semanticsDir, readSemanticsRecords } from './semantics-record.js';
export type { SemanticsCheck, SemanticsRecord } from './semantics-record.js';
export { ExitCode, SharebenchError, InputError, ParseError, oneLine } from './errors.js';
export type { ParseWarning } from './errors.js';
export { parseSize, parseDurationMs, formatSizeForFio, humanBytes } from './units.js';
export { isSafeName, assertSafeName, safeNameProblem } from './names.js';
export { writeFileAtomic, tempSibling, replaceDirectory } from './atomic.js';
export { seededRandom } from './seeded-random.js';
export type { EnvMeta, JobNameParts } from './env.js';
export { jobName, parseJobName } from './env.js';
export { describeErrno, errnoName } from './errno.js';
export type { HostConditions, RunJob, RunManifest, RunManifestFile, RunState, TreeSpec } from './run-manifest.js';
export { RUN_MANIFEST_SCHEMA, readRunManifest, upgradeRunManifest, jobKindOf, treeEntries } from './run-manifest.js';
export { runKey, runDir, DATASET_LOCK_FILE } from './run-key.js';
export { NO_STACK, STACK_FIELDS, stackOf, stackOfRepeats } from './stack.js';
export type { StackInfo } from './stack.js';
export { OWNED_FIO_OPTIONS, fioOptionName, fioOptionOwner } from './fio-options.js';
export { readContext, writeContext, upgradeContext, CONTEXT_FILE, CONTEXT_SCHEMA } from './dataset-context.js';
export type {
  DatasetContext,
  ImportEntry,
  HostInfo,
  EnvRecord,
  SessionRecord,
  HostSession,
  VirtiofsSession,
  NinepSession,
  GuestImageRecord,
  ImportedEnvInfo,
  PlanEntry,
  ExecutionRecord,
} from './dataset-context.js';
export { hostProvenance, toolProvenance } from './provenance.js';
export { snakeCaseKeys } from './snake-case.js';
export { lastLines } from './last-lines.js';
export { parseOpsResult, parseTreeResult, treeOpsPerSecond } from './tree-result.js';
export type { TreeResult } from './tree-result.js';
export { sampleSpread, coefficientOfVariation } from './sample-spread.js';
export type { SampleSpread } from './sample-spread.js';
export { FleetMode, isFleetMode, SHARD_BY } from './fleet.js';
export type { HostRecord, MergeInput, MergeRecord, SchedulerRecord, ShardRecord } from './fleet.js';
