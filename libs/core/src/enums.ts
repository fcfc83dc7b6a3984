/**
 * Enumerations shared by every stage, as const objects with a derived type and a guard
 * (the vega-lite `src/mark.ts` pattern).
 */

export const FsKind = {
  host: 'host',
  virtiofs: 'virtiofs',
  ninep: '9p',
  sshfs: 'sshfs',
  nfs: 'nfs',
  other: 'other',
} as const;
export type FsKind = (typeof FsKind)[keyof typeof FsKind];
export const isFsKind = (v: unknown): v is FsKind => Object.values(FsKind).includes(v as FsKind);

/** virtio-fs cache modes (virtiofsd `-o cache=`) and 9p cache modes (mount `cache=`). */
export const CacheMode = {
  none: 'none',
  auto: 'auto',
  always: 'always',
  mmap: 'mmap',
  loose: 'loose',
} as const;
export type CacheMode = (typeof CacheMode)[keyof typeof CacheMode];
export const isCacheMode = (v: unknown): v is CacheMode => Object.values(CacheMode).includes(v as CacheMode);

export const VIRTIOFS_CACHE_MODES = ['none', 'auto', 'always'] as const;
export type VirtiofsCacheMode = (typeof VIRTIOFS_CACHE_MODES)[number];
export const NINEP_CACHE_MODES = ['none', 'mmap', 'loose'] as const;
export type NinepCacheMode = (typeof NINEP_CACHE_MODES)[number];

/**
 * The cache class pairs a virtio-fs mode with the 9p mode of comparable caching strength, the
 * seed study's comparison axis: none/none, auto/mmap, always/loose.
 */
export const CACHE_CLASS: Readonly<Record<CacheMode, 'none' | 'some' | 'full'>> = {
  none: 'none',
  auto: 'some',
  mmap: 'some',
  always: 'full',
  loose: 'full',
};

/** How a run ended. Only `ok` rows carry numbers. */
export const RunStatus = {
  ok: 'ok',
  failed: 'failed',
  unsupported: 'unsupported',
  interrupted: 'interrupted',
} as const;
export type RunStatus = (typeof RunStatus)[keyof typeof RunStatus];
export const isRunStatus = (v: unknown): v is RunStatus => Object.values(RunStatus).includes(v as RunStatus);

export const Direction = { read: 'read', write: 'write', trim: 'trim', mixed: 'mixed' } as const;
export type Direction = (typeof Direction)[keyof typeof Direction];
export const isDirection = (v: unknown): v is Direction => Object.values(Direction).includes(v as Direction);

/** The seed study's workloads, in its report order. */
export const WORKLOADS = ['seqread', 'randread', 'seqwrite', 'randwrite', 'randrw'] as const;
export type Workload = (typeof WORKLOADS)[number];
export const isWorkload = (v: unknown): v is Workload => WORKLOADS.includes(v as Workload);

/** fio `rw=` value for each workload. */
export const WORKLOAD_RW: Readonly<Record<Workload, string>> = {
  seqread: 'read',
  randread: 'randread',
  seqwrite: 'write',
  randwrite: 'randwrite',
  randrw: 'randrw',
};

/** The seed study's ioengines, in its report order; campaigns may name any engine fio has. */
export const SEED_IOENGINES = ['psync', 'mmap', 'libaio'] as const;

/** The directions a workload or fio `rw=` value moves data in. */
export function directionsOf(workloadOrRw: string): Direction[] {
  switch (workloadOrRw) {
    case 'seqread':
    case 'randread':
    case 'read':
      return ['read'];
    case 'seqwrite':
    case 'randwrite':
    case 'write':
      return ['write'];
    case 'randrw':
    case 'rw':
    case 'readwrite':
      return ['read', 'write'];
    case 'trim':
    case 'randtrim':
      return ['trim'];
    case 'trimwrite':
    case 'randtrimwrite':
      return ['trim', 'write'];
    default:
      return ['read'];
  }
}

/** Seed workload for a fio `rw=` value, or the value itself. */
export function workloadOfRw(rw: string): string {
  for (const w of WORKLOADS) if (WORKLOAD_RW[w] === rw) return w;
  return rw === 'readwrite' || rw === 'rw' ? 'rw' : rw;
}
