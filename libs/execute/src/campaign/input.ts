/**
 * campaign.json as a user writes it: loose values ("4k", "20s", "1G") that normalizeCampaign turns
 * into the strict Campaign. These types are the source of the JSON Schema (`npm run docs` writes
 * docs/campaign.schema.json, which every preset names in `$schema`), so editors complete and check
 * keys; the reader refuses any key not described here, as the schema does.
 */

/**
 * A size: bytes as a number, or a number with a unit (k, M, G, T; binary: 1k = 1024).
 * @pattern ^\s*\d+(\.\d+)?\s*([bB]|[kKmMgGtT]([iI]?[bB])?)?\s*$
 */
export type SizeInput = number | string;

/**
 * A duration: seconds as a number, or a number with a unit (ms, s, m, h).
 * @pattern ^\s*\d+(\.\d+)?\s*([mM][sS]|[sS]|[mM]|[mM][iI][nN]|[hH])?\s*$
 */
export type DurationInput = number | string;

/**
 * A safe name: letters, digits, dot, dash and underscore, starting with a letter or digit, at most 64.
 * @pattern ^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$
 */
export type NameInput = string;

/** What a guest runs under: `auto` uses KVM only where a probe boot shows it works and is fast, else TCG. */
export type AccelInput = 'auto' | 'kvm' | 'tcg';

/** Settings every guest environment starts from. */
export interface GuestDefaultsInput {
  /**
   * Virtual CPUs.
   * @minimum 1
   * @maximum 256
   * @default 2
   */
  vcpus?: number;
  /** Guest memory. @default "1G" */
  memory?: SizeInput;
  /** @default "auto" */
  accel?: AccelInput;
}

/** What every guest environment (virtio-fs and 9p) may set. */
export interface GuestEnvCommon {
  name: NameInput;
  /**
   * @minimum 1
   * @maximum 256
   */
  vcpus?: number;
  memory?: SizeInput;
  /**
   * Host NUMA node to pin QEMU (and the daemon) to.
   * @minimum 0
   * @maximum 1023
   */
  numa?: number;
  accel?: AccelInput;
  /**
   * Host directory shared with the guest (default: a scratch directory of sharebench's own): empty,
   * or marked as sharebench's; never a system tree or a home (docs/shares.md).
   */
  shared_dir?: string;
  /** Mount tag. @default "sharebench" */
  tag?: string;
  /**
   * QEMU to use: a path to its binary (default: qemu-system-x86_64 on PATH), or a QEMU from Debian
   * packages, unpacked into the cache on first use: a suite ("bookworm-backports": 10.0.x,
   * "trixie") or a qemu-system-x86 version ("1:10.0.2+ds-2+deb13u1~bpo12+1").
   */
  qemu?: string;
  /** Debian kernel package for the guest, or a suite (e.g. "bookworm-backports"). */
  guest_kernel?: string;
}

/** The host's own directory: the baseline. */
export interface HostEnvInput {
  name: NameInput;
  kind: 'host';
  /** Directory to run in (default: a scratch directory of sharebench's own); the rules of shared_dir apply. */
  dir?: string;
}

/** A guest that mounts the share through virtio-fs and a virtiofsd. */
export interface VirtiofsEnvInput extends GuestEnvCommon {
  kind: 'virtiofs';
  /** Which virtiofsd: `c` (QEMU 7.2's) or `rust` (default: Rust when found). */
  daemon?: 'c' | 'rust';
  /** Cache policy: C daemon none|auto|always, Rust daemon never|metadata|auto|always. */
  cache: 'none' | 'never' | 'metadata' | 'auto' | 'always';
  /** DAX window: true for 1G, or a size (no Debian QEMU has one: such envs are unsupported). */
  dax?: boolean | SizeInput;
  /** Daemon worker threads. */
  thread_pool_size?: number;
  /** @default true */
  xattr?: boolean;
  /** Let O_DIRECT reach the host (default: on when the fio jobs are direct). */
  allow_direct_io?: boolean;
  /** Rust daemon only: shared mmap under cache never/metadata. @default false */
  allow_mmap?: boolean;
  /** Rust daemon only. */
  inode_file_handles?: 'never' | 'prefer' | 'mandatory';
  /** How the daemon confines itself to the share; none: the Rust daemon only. @default "namespace" */
  sandbox?: 'namespace' | 'chroot' | 'none';
}

/** A guest that mounts the share through virtio-9p. */
export interface NinepEnvInput extends GuestEnvCommon {
  kind: '9p';
  cache: 'none' | 'mmap' | 'loose' | 'readahead' | 'fscache';
  /** Maximum 9p message size, bytes. @default 512000 */
  msize?: number;
  /** What the guest sets on files: kept in xattrs (mapped-xattr) or applied on the host (none). @default "mapped-xattr" */
  security_model?: 'mapped-xattr' | 'none';
}

export type EnvInput = HostEnvInput | VirtiofsEnvInput | NinepEnvInput;

/** The fio matrix: workloads x ioengines x job counts. */
export interface FioInput {
  /** @default ["seqread", "randread", "seqwrite", "randwrite", "randrw"] */
  workloads?: Array<'seqread' | 'randread' | 'seqwrite' | 'randwrite' | 'randrw' | 'filecreate' | 'filestat' | 'filedelete'>;
  /** @default ["psync", "libaio", "mmap"] */
  ioengines?: Array<'psync' | 'sync' | 'pvsync' | 'pvsync2' | 'libaio' | 'io_uring' | 'mmap' | 'posixaio' | 'vsync'>;
  /**
   * fio numjobs of each job (1 = single, 4 = the seed's multi).
   * @default [1, 4]
   */
  numjobs?: number[];
  /**
   * Old name of numjobs (still read, with a note).
   * @deprecated use numjobs
   */
  jobs?: number[];
  /** @default "4k" */
  blocksize?: SizeInput;
  /**
   * @minimum 1
   * @maximum 65536
   * @default 16
   */
  iodepth?: number;
  /** File size per job. @default "4G" */
  size?: SizeInput;
  /** @default "20s" */
  runtime?: DurationInput;
  /** @default true */
  time_based?: boolean;
  /** O_DIRECT. */
  direct?: boolean;
  /**
   * randrw's read share, percent.
   * @minimum 0
   * @maximum 100
   * @default 75
   */
  rwmixread?: number;
  /** Metadata workloads: files per job. @default 1000 */
  nrfiles?: number;
  /** Metadata workloads: bytes per file. @default "4k" */
  filesize?: SizeInput;
  /** More fio options, each "--name=value"; not those sharebench sets itself. */
  extra?: string[];
  /**
   * Metadata workloads: size each run by time: a run timed for less lays out more files (at least 100 ms),
   * so that its figure is above the clock's resolution (fio times in whole ms).
   */
  min_elapsed?: DurationInput;
}

/** Operations on a generated file tree (busybox, in the guest and on the host). */
export interface TreeInput {
  /** @minimum 1 */
  dirs?: number;
  /** @minimum 1 */
  files_per_dir?: number;
  file_size?: SizeInput;
  ops?: Array<'untar' | 'walk' | 'read' | 'delete'>;
  /** Repeat each operation within a run (caches dropped before each) until its timed parts add up to this. */
  min_elapsed?: DurationInput;
}

/** The developer loops' git repository: files in directories and commits, each after the first changing changed_files files. */
export interface DevloopRepoInput {
  /**
   * @minimum 1
   * @default 2000
   */
  files?: number;
  /**
   * @minimum 1
   * @default 100
   */
  dirs?: number;
  /**
   * Checkout goes back to the first commit.
   * @minimum 2
   * @maximum 1000
   * @default 5
   */
  commits?: number;
  /** @default "4k" */
  file_size?: SizeInput;
  /**
   * Files each later commit changes; also what diff and commit change.
   * @minimum 1
   * @default 50
   */
  changed_files?: number;
}

/** The developer loops' npm-shaped install: package tarballs unpacked into node_modules by parallel workers. */
export interface DevloopInstallInput {
  /**
   * @minimum 1
   * @default 200
   */
  packages?: number;
  /**
   * @minimum 1
   * @default 20
   */
  files_per_package?: number;
  /** @default "2k" */
  file_size?: SizeInput;
  /**
   * @minimum 1
   * @maximum 64
   * @default 8
   */
  workers?: number;
}

/** The developer loops' sqlite3 inserts, in WAL mode. */
export interface DevloopSqliteInput {
  /**
   * @minimum 1
   * @default 100
   */
  transactions?: number;
  /**
   * @minimum 1
   * @default 100
   */
  rows_per_transaction?: number;
}

/**
 * Developer loops on a workspace generated on the host (git, an npm-shaped install, sqlite3: the
 * host's binaries, which a guest carries too); one job per operation, named after it.
 */
export interface DevloopInput {
  repo?: DevloopRepoInput;
  install?: DevloopInstallInput;
  sqlite?: DevloopSqliteInput;
  ops?: Array<'git-status-cold' | 'git-status-warm' | 'git-diff' | 'git-checkout' | 'git-commit' | 'npm-install' | 'npm-rm' | 'sqlite-insert'>;
}

/** Repeat a cell until the coefficient of variation of its primary metric is under cv, from min to max runs. */
export interface AdaptiveRepeatsInput {
  /**
   * @minimum 2
   * @default 3
   */
  min?: number;
  /** @minimum 2 */
  max?: number;
  /**
   * @exclusiveMinimum 0
   * @exclusiveMaximum 1
   * @default 0.05
   */
  cv?: number;
}

/** Cells left out of the matrix: a job glob, or env and job globs. */
export type ExclusionInput = string | { env?: string; job?: string };

/** A sharebench campaign: environments x jobs x repeats. */
export interface CampaignInput {
  /** The JSON Schema this file follows (editors use it). */
  $schema?: string;
  /** Default: the campaign's directory name. */
  name?: NameInput;
  description?: string;
  guest?: GuestDefaultsInput;
  envs: EnvInput[];
  fio?: FioInput;
  tree?: TreeInput;
  devloop?: DevloopInput;
  /**
   * Run the semantics probe once per environment: which file semantics work on the share (shared
   * mmap, locks, xattrs, ownership seen on the host, inotify of a host-side change, SQLite's WAL...).
   * @default false
   */
  semantics?: boolean;
  exclude?: ExclusionInput[];
  /**
   * Runs per cell, or adaptive repeats.
   * @default 3
   */
  repeats?: number | AdaptiveRepeatsInput;
  /** @default "interleaved" */
  order?: 'sequential' | 'interleaved' | 'shuffled';
  /**
   * Seed of the shuffled order.
   * @minimum 0
   * @default 1
   */
  seed?: number;
  /** Per-run limit (layout + run). */
  timeout?: DurationInput;
  /** Parent of the environments' scratch directories (default: `<dataset>/scratch`). */
  scratch?: string;
  /**
   * How `sharebench merge` puts several hosts' datasets of this campaign together: `shard` (one study
   * split over hosts with `run --shard i/n`) or `replicate` (every host runs it all, to compare hosts).
   */
  mode?: 'shard' | 'replicate';
}
