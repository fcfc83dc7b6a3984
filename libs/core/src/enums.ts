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

/**
 * virtio-fs cache policies (the C virtiofsd's `-o cache=none|auto|always`, the Rust one's
 * `--cache=never|metadata|auto|always`) and 9p cache modes (mount `cache=`; Linux 6.4 added
 * readahead and made the mode a bitmask).
 */
export const CacheMode = {
  none: 'none',
  never: 'never',
  metadata: 'metadata',
  auto: 'auto',
  always: 'always',
  mmap: 'mmap',
  loose: 'loose',
  readahead: 'readahead',
  fscache: 'fscache',
} as const;
export type CacheMode = (typeof CacheMode)[keyof typeof CacheMode];
export const isCacheMode = (v: unknown): v is CacheMode => Object.values(CacheMode).includes(v as CacheMode);

/** Every virtio-fs cache word a campaign may use; which daemon takes which: VIRTIOFSD_CACHE_MODES. */
export const VIRTIOFS_CACHE_MODES = ['none', 'never', 'metadata', 'auto', 'always'] as const;
export type VirtiofsCacheMode = (typeof VIRTIOFS_CACHE_MODES)[number];
/** The cache policies each virtiofsd takes (C: `-o cache=`, Rust: `--cache=`). */
export const VIRTIOFSD_CACHE_MODES = {
  c: ['none', 'auto', 'always'],
  rust: ['never', 'metadata', 'auto', 'always'],
} as const satisfies Record<'c' | 'rust', readonly VirtiofsCacheMode[]>;
export const NINEP_CACHE_MODES = ['none', 'mmap', 'loose', 'readahead', 'fscache'] as const;
export type NinepCacheMode = (typeof NINEP_CACHE_MODES)[number];

/**
 * A 9p mount's cache mode as /proc/mounts shows it: a word (`mmap`, `loose`, ...; Linux < 6.4)
 * or, since Linux 6.4, `cache=<hex>` of the bitmask (0x1 file/readahead, 0x2 meta, 0x4 writeback,
 * 0x8 loose, 0x80 fscache). Null when the options say nothing about it (cache=none prints nothing).
 */
export function ninepCacheOf(options: readonly string[]): NinepCacheMode | null {
  for (const word of ['fscache', 'loose', 'mmap', 'readahead'] as const) if (options.includes(word)) return word;
  const hex = options.find((o) => o.startsWith('cache='))?.slice('cache='.length);
  if (hex === undefined) return null;
  if ((NINEP_CACHE_MODES as readonly string[]).includes(hex)) return hex as NinepCacheMode;
  const bits = Number.parseInt(hex.replace(/^0x/i, ''), 16);
  if (!Number.isInteger(bits)) return null;
  const NAMED: ReadonlyArray<[number, NinepCacheMode]> = [[0x8f, 'fscache'], [0x0f, 'loose'], [0x05, 'mmap'], [0x01, 'readahead'], [0x00, 'none']];
  return NAMED.find(([mask]) => mask === bits)?.[1] ?? null;
}

/**
 * The cache class pairs a virtio-fs mode with the 9p mode of comparable caching strength, the
 * seed study's comparison axis: none/none, auto/mmap, always/loose.
 */
export const CACHE_CLASS: Readonly<Record<CacheMode, 'none' | 'some' | 'full'>> = {
  none: 'none',
  never: 'none',
  metadata: 'none',
  auto: 'some',
  mmap: 'some',
  readahead: 'some',
  always: 'full',
  loose: 'full',
  fscache: 'full',
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

/**
 * fio 3.33's metadata engines, run as workloads of their own: each creates, stats or deletes
 * `nrfiles` files, one operation per file; the engine is the workload.
 */
export const META_WORKLOADS = ['filecreate', 'filestat', 'filedelete'] as const;
export type MetaWorkload = (typeof META_WORKLOADS)[number];

/** Operations on a generated file tree, timed without fio; `tree-<op>` is the job's name. */
export const TREE_OPS = ['untar', 'walk', 'read', 'delete'] as const;
export type TreeOp = (typeof TREE_OPS)[number];
export const isTreeOp = (v: unknown): v is TreeOp => TREE_OPS.includes(v as TreeOp);

/**
 * What a job measures: `io` a fio job moving data (bytes/s), `meta` a fio metadata engine,
 * `tree` a tree operation and `devloop` a developer loop (git, npm-shaped, sqlite3; all three operations/s).
 */
export const JobKind = { io: 'io', meta: 'meta', tree: 'tree', devloop: 'devloop' } as const;
export type JobKind = (typeof JobKind)[keyof typeof JobKind];

/**
 * The `direction` of the rows of metadata, tree and developer-loop jobs: their numbers count operations (files
 * created, entries walked, ...), not data moved one way. (fio reports its metadata engines'
 * operations as reads; the rows say what they are.)
 */
export const OPS_DIRECTION = 'ops';

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

/** What a guest runs under: hardware virtualisation, or QEMU's software emulation. */
export const Accelerator = { kvm: 'kvm', tcg: 'tcg' } as const;
export type Accelerator = (typeof Accelerator)[keyof typeof Accelerator];

/** What a campaign (or `run --accel`) asks for: `auto` uses KVM where it is shown to work, else TCG. */
export const AccelRequest = { auto: 'auto', ...Accelerator } as const;
export type AccelRequest = (typeof AccelRequest)[keyof typeof AccelRequest];
export const isAccelRequest = (v: unknown): v is AccelRequest => Object.values(AccelRequest).includes(v as AccelRequest);
