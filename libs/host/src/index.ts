export {
  acquireLock,
  alive,
  datasetLockPath,
  describeHolder,
  ensureSharedDir,
  hostLockDir,
  hostLockPath,
  HOST_LOCK_DIR_ENV,
} from './lock.js';
export { lockHolder, LockedError, processStart, sameBoot, selfHolder } from './lock.js';
export type { AcquireOptions, Lock, LockHolder } from './lock.js';
export { parseProcStat, readProcStat, allProcStats, isDefunct } from './proc.js';
export type { ProcStat } from './proc.js';
export {
  descendants,
  groupMembers,
  isGone,
  killTree,
  processesMatching,
  waitGone,
  waitGoneSync,
} from './process-tree.js';
export type { ProcessInfo, ProcessRef } from './process-tree.js';
export { spawnGroup, startedGroupPids } from './process-group.js';
export type { GroupExit, ProcessGroup } from './process-group.js';
export { runInGroup } from './run-in-group.js';
export type { GroupRun } from './run-in-group.js';
export { onAbruptExit } from './exit-cleanup.js';
export { sampleHostCpu, noiseBetween, parseProcStatCpu, parseLoadavg } from './host-noise.js';
export type { CpuSample, HostNoise } from './host-noise.js';
export { dropHostCaches } from './drop-caches.js';
export { mountOf } from './mount-of.js';
export { which } from './which.js';
export { fileDigests } from './file-digest.js';
export { cacheDir, CACHE_DIR_ENV } from './cache-dir.js';
export {
  bootId,
  deriveHostId,
  HOST_ID_PATTERN,
  hostFingerprint,
  hostId,
  HostIdError,
  mountContaining,
  parseMountinfo,
  readHostIdSources,
  Scheduler,
  schedulerProvenance,
  shardFromScheduler,
} from './host-identity.js';
export type {
  GithubProvenance,
  GitlabProvenance,
  HostFingerprint,
  HostIdSources,
  KubernetesProvenance,
  MountinfoEntry,
  SchedulerProvenance,
  SchedulerShard,
  ShareMount,
  SlurmProvenance,
} from './host-identity.js';
