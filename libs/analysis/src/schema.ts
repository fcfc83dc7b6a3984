/**
 * The public contract: column names, types and units of the three result tables. People query
 * these by name (`sharebench query`, arquero, pyarrow), docs/datasets.md documents them from here, and
 * the Arrow writer types its columns from here.
 */

export type ColumnType = 'utf8' | 'int' | 'float' | 'bool' | 'float_list';

/** One column of a result table: its name, type, unit and meaning; the only place they are written. */
export interface ColumnDef<N extends string = string, T extends ColumnType = ColumnType, Nullable extends boolean = boolean> {
  name: N;
  type: T;
  nullable: Nullable;
  unit: string | null;
  doc: string;
}

/** The TypeScript value of a cell of type `T`. */
export type Cell<T extends ColumnType> = T extends 'utf8' ? string : T extends 'int' | 'float' ? number : T extends 'bool' ? boolean : number[];

/** The row type a table's columns define: every column, typed, null only where the column allows it. */
export type RowOf<Cols extends readonly ColumnDef[]> = {
  [C in Cols[number] as C['name']]: C['nullable'] extends true ? Cell<C['type']> | null : Cell<C['type']>;
};

function col<const N extends string, const T extends ColumnType, const Nullable extends boolean = true>(
  name: N,
  type: T,
  unit: string | null,
  doc: string,
  nullable?: Nullable,
): ColumnDef<N, T, Nullable> {
  return { name, type, nullable: (nullable ?? true) as Nullable, unit, doc };
}

/** Columns that say which configuration and which job a row belongs to. */
const IDENTITY = [
  col('campaign', 'utf8', null, 'campaign (dataset) name', false),
  col(
    'host_id',
    'utf8',
    null,
    'the machine that ran it: $SHAREBENCH_HOST_ID, else a hash of /etc/machine-id, the hostname and the DMI product UUID; ' +
      'null for imported results and datasets from before it was recorded',
  ),
  col('env', 'utf8', null, 'environment name, e.g. virtiofs-auto, 9p-mmap, host', false),
  col('fs', 'utf8', null, 'host | virtiofs | 9p | sshfs | nfs | other', false),
  col('cache', 'utf8', null, 'cache mode: none|auto|always (virtio-fs), none|mmap|loose (9p); null when not applicable'),
  col('dax', 'bool', null, 'virtio-fs DAX window in use', false),
  col('numa', 'int', null, 'host NUMA node QEMU and the daemon were pinned to; null when not pinned'),
  col(
    'job',
    'utf8',
    null,
    'job name: <workload>-<ioengine>[-multi] (I/O), <engine>[-multi] (metadata), tree-<op> (tree), the operation (developer loops)',
    false,
  ),
  col(
    'workload',
    'utf8',
    null,
    'seqread | randread | seqwrite | randwrite | randrw (or fio rw= when not a seed job); filecreate | filestat | filedelete (fio metadata engines); ' +
      'untar | walk | read | delete (tree operations); git-status-cold | git-status-warm | git-diff | git-checkout | git-commit | npm-install | npm-rm | ' +
      'sqlite-insert (developer loops)',
    false,
  ),
  col(
    'ioengine',
    'utf8',
    null,
    'fio ioengine: psync, libaio, mmap, ..., the metadata engine itself; busybox for tree operations; git, busybox or sqlite3 for developer loops',
    false,
  ),
  col('numjobs', 'int', 'jobs', 'fio jobs running at once (the seed\'s -multi = 4); npm-install: its parallel workers', false),
  col('blocksize_bytes', 'int', 'bytes', 'block size'),
  col('iodepth', 'int', 'I/Os', 'queue depth'),
] as const;

export const RUNS_COLUMNS = [
  ...IDENTITY,
  col('repeat', 'int', null, '1-based repeat (loop) number', false),
  col('shard', 'int', null, 'run --shard i/n: the shard (i, 0-based) the run was measured in; null when the campaign was not sharded'),
  col('boot_id', 'utf8', null, "the host's boot (/proc/sys/kernel/random/boot_id) the run was measured in; null before it was recorded"),
  col('direction', 'utf8', null, 'read | write | trim | mixed; ops for metadata, tree and developer-loop jobs (their numbers count operations)', false),
  col('status', 'utf8', null, 'ok | failed | unsupported | interrupted', false),
  col('errno', 'int', null, "fio's error (errno) when it reported one"),
  col('error', 'utf8', null, 'a human reason when status is not ok'),
  col('bw_bytes', 'float', 'bytes/s', 'bandwidth: io_bytes / runtime'),
  col('iops', 'float', 'IO/s', 'I/O operations per second'),
  col('runtime_ms', 'float', 'ms', 'time the direction was active (max over jobs)'),
  col('io_bytes', 'float', 'bytes', 'bytes moved'),
  col('total_ios', 'float', 'I/Os', 'I/Os completed'),
  col('lat_mean_ns', 'float', 'ns', 'mean total latency (submission + completion)'),
  col('clat_mean_ns', 'float', 'ns', 'mean completion latency'),
  col('clat_p50_ns', 'float', 'ns', 'completion latency, 50th percentile'),
  col('clat_p99_ns', 'float', 'ns', 'completion latency, 99th percentile'),
  col('clat_p999_ns', 'float', 'ns', 'completion latency, 99.9th percentile'),
  col(
    'ops_per_s',
    'float',
    'ops/s',
    'metadata and tree jobs: operations per second. fio metadata engines: files created, stat()ed or deleted per second (fio\'s IOPS, one operation a file); ' +
      'tree: entries handled / elapsed_ms (untar: entries extracted, walk: entries listed, read: files read, delete: entries removed). ' +
      'Developer loops: git-status-*, git-diff: tracked files checked; git-checkout: files it changed; git-commit: paths committed; ' +
      'npm-install: files extracted; npm-rm: entries removed; sqlite-insert: rows inserted (WAL mode). Null for I/O jobs',
  ),
  col(
    'elapsed_ms',
    'float',
    'ms',
    'metadata, tree and developer-loop jobs: wall time of the timed operation (fio\'s runtime; the tree command\'s or tool\'s run). Null for I/O jobs',
  ),
  col(
    'clock_tick_ms',
    'float',
    'ms',
    'the tick of the clock that timed the run: 1 for fio (runtime in whole ms), 0.001 for tree and developer-loop operations (µs; older trees: 1)',
  ),
  col(
    'below_resolution',
    'bool',
    null,
    'the timed part (runtime_ms, or elapsed_ms) was shorter than 100 ticks of its clock: the figure carries the timer\'s rounding (over 1%)',
  ),
  col(
    'work_scale',
    'int',
    null,
    'min_elapsed: how many times the planned work this run did to last that long (metadata jobs: files x this; tree jobs: the operation ' +
      'repeated this many times, caches dropped before each, times summed); null when the campaign set no min_elapsed',
  ),
  col('mount', 'utf8', null, 'the mount line the run saw (from /proc/mounts, or the log header)'),
  col('accel', 'utf8', null, 'kvm | tcg for guests (tcg = emulated, not representative); null on the host'),
  col('fio_version', 'utf8', null, 'fio version string, e.g. fio-3.33'),
  col('daemon', 'utf8', null, 'virtio-fs: the virtiofsd that served the share, c (QEMU <= 7.2\'s) or rust; null otherwise'),
  col('daemon_version', 'utf8', null, 'its --version, e.g. virtiofsd 1.13.2'),
  col('qemu_version', 'utf8', null, 'guests: QEMU\'s --version line; null on the host'),
  col('guest_kernel', 'utf8', null, 'guests: uname -r of the guest kernel fio ran on; null on the host'),
  col(
    'direct_ignored',
    'bool',
    null,
    'fio asked for O_DIRECT but virtiofsd ignored it (no allow_direct_io): the run measured the host page cache; null where it does not apply',
  ),
  col('hostname', 'utf8', null, 'fio client/server: the server, or "All clients"; null locally'),
  col('host_load1', 'float', null, "the host's 1-minute load average as the timed run started (sharebench's earlier runs included)"),
  col('host_busy_ratio', 'float', 'ratio', 'CPU time outside sharebench (other processes, irq, steal) / (wall x CPUs) while timed; > 0.1: under load'),
  col('host_cache_dropped', 'bool', null, "whether the host's page cache was dropped before the run (root only); false: measured with warm host caches"),
  col('source_file', 'utf8', null, 'the raw file the row came from, relative to the dataset', false),
] as const;

const stats = <const M extends string>(metric: M, unit: string) =>
  [
  col(`${metric}_mean`, 'float', unit, `mean of ${metric} over ok repeats`),
  col(`${metric}_sd`, 'float', unit, `sample standard deviation (n-1) of ${metric}`),
  col(`${metric}_cv`, 'float', 'ratio', `coefficient of variation: sd / mean`),
  col(`${metric}_min`, 'float', unit, `smallest ${metric}`),
  col(`${metric}_max`, 'float', unit, `largest ${metric}`),
  col(`${metric}_ci95_lo`, 'float', unit, `95% confidence interval of the mean, low end (Student t, n-1 df)`),
  col(`${metric}_ci95_hi`, 'float', unit, `95% confidence interval of the mean, high end`),
  col(`${metric}_samples`, 'float_list', unit, `every ok repeat's ${metric}, in repeat order`, false),
  ] as const;

export const SUMMARY_COLUMNS = [
  ...IDENTITY,
  col('direction', 'utf8', null, 'read | write | trim | mixed | ops', false),
  col('n', 'int', 'runs', 'repeats planned or found (adaptive repeats: the runs the cell took, not the ones it did not need)', false),
  col('n_ok', 'int', 'runs', 'repeats with status ok', false),
  col('status', 'utf8', null, 'ok when at least one repeat is ok; otherwise the runs\' status (unsupported, failed, interrupted)', false),
  col('error', 'utf8', null, 'why runs were not ok (the first reason, and how many runs it hit)'),
  col(
    'reason',
    'utf8',
    null,
    'code for what limits the cell\'s numbers (read this, not error): unsupported | failed | interrupted (no ok run), no_samples, one_sample (no CI), ' +
      'partial (some runs not ok), below_resolution, zero_variance (no CI: sd = 0); null when nothing does',
  ),
  col('below_resolution', 'bool', null, 'an ok repeat\'s timed part was shorter than 100 ticks of its clock (see runs.below_resolution)'),
  ...stats('bw_bytes', 'bytes/s'),
  ...stats('iops', 'IO/s'),
  col('lat_mean_ns_mean', 'float', 'ns', 'mean of the runs\' mean total latency'),
  col('clat_p50_ns_mean', 'float', 'ns', 'mean of the runs\' p50 completion latency'),
  col('clat_p99_ns_mean', 'float', 'ns', 'mean of the runs\' p99 completion latency'),
  col('clat_p999_ns_mean', 'float', 'ns', 'mean of the runs\' p99.9 completion latency'),
  ...stats('ops_per_s', 'ops/s'),
  col('elapsed_ms_mean', 'float', 'ms', 'mean of the runs\' elapsed_ms (metadata and tree jobs)'),
  col('mount', 'utf8', null, 'mount line (first run)'),
  col('accel', 'utf8', null, 'kvm | tcg | null'),
  col('fio_version', 'utf8', null, 'fio version (first run)'),
  col('daemon', 'utf8', null, 'virtio-fs: c or rust (first run)'),
  col('daemon_version', 'utf8', null, 'virtiofsd --version (first run)'),
  col('qemu_version', 'utf8', null, 'QEMU --version (first run)'),
  col('guest_kernel', 'utf8', null, 'guest uname -r (first run)'),
  col('direct_ignored', 'bool', null, 'true when any run asked for O_DIRECT and virtiofsd ignored it'),
  col('hostname', 'utf8', null, 'fio client/server: the server, or "All clients"; null locally'),
] as const;

export const SPEEDUPS_COLUMNS = [
  col('campaign', 'utf8', null, 'campaign (dataset) name', false),
  col('job', 'utf8', null, 'job name', false),
  col('workload', 'utf8', null, 'workload', false),
  col('ioengine', 'utf8', null, 'ioengine', false),
  col('numjobs', 'int', 'jobs', 'jobs at once', false),
  col('direction', 'utf8', null, 'read | write | trim | mixed | ops', false),
  col('hostname', 'utf8', null, 'fio client/server host the pair is about; null locally'),
  col('host_id', 'utf8', null, 'the machine both sides were measured on (pairs never cross hosts); null when not recorded'),
  col('metric', 'utf8', null, 'the compared summary metric: bw_bytes for I/O jobs, ops_per_s for metadata and tree jobs (direction ops)', false),
  col(
    'family',
    'utf8',
    null,
    'the comparison family, why the pair was made: dax (DAX vs the same config without), fs (virtio-fs vs 9p of the same cache class, or vs sshfs/nfs), ' +
      'daemon (Rust vs C virtiofsd, same cache class), qemu or kernel (envs that differ only in it: newer vs older), host (env vs host), explicit. ' +
      'Results schema 1 called it pair (still read)',
    false,
  ),
  col('candidate', 'utf8', null, 'the env being compared', false),
  col('baseline', 'utf8', null, 'the env it is compared with', false),
  col('candidate_mean', 'float', 'bytes/s or ops/s', 'candidate mean of the metric'),
  col('baseline_mean', 'float', 'bytes/s or ops/s', 'baseline mean of the metric'),
  col('candidate_n', 'int', 'runs', 'ok repeats behind the candidate mean', false),
  col('baseline_n', 'int', 'runs', 'ok repeats behind the baseline mean', false),
  col('ratio', 'float', 'ratio', 'candidate mean / baseline mean (> 1: candidate faster)'),
  col('log2_ratio', 'float', 'log2', 'log2 of ratio'),
  col('ratio_ci95_lo', 'float', 'ratio', '95% CI of the ratio, low end (delta method on log ratio, Welch df)'),
  col('ratio_ci95_hi', 'float', 'ratio', '95% CI of the ratio, high end'),
  col(
    'log_ratio_se',
    'float',
    'ln ratio',
    'standard error of ln(ratio) (delta method), what pooling weighs a cell by; 0 when both sides have zero spread; null without a CI',
  ),
  col('ratio_df', 'float', null, 'Welch degrees of freedom of the ratio CI; null when log_ratio_se is 0 or null'),
  col('significant', 'bool', null, 'the CI excludes 1; null when it cannot be computed (fewer than 2 ok repeats on a side)'),
  col('status', 'utf8', null, 'ok, or the status of the side that has no numbers (failed, unsupported, ...)', false),
  col(
    'reason',
    'utf8',
    null,
    'code for why there is no ratio (unsupported | failed | interrupted | no_samples | zero_baseline | zero_candidate), no CI (one_sample, ' +
      'zero_variance, below_resolution with sd = 0) or a flagged one (below_resolution); null when the ratio and its CI stand',
  ),
  col('reason_env', 'utf8', null, 'the env the reason is about (the side without numbers, or with one sample); null when about both sides or none'),
  col('below_resolution', 'bool', null, 'either side has an ok repeat shorter than 100 ticks of its clock'),
  col('error', 'utf8', null, 'the reason in words, about reason_env (its summary error)'),
] as const;

/** What works where: one row per environment and check of the semantics probe (campaign key `semantics`, or `sharebench probe`). */
export const SEMANTICS_COLUMNS = [
  col('env', 'utf8', null, 'environment name', false),
  col(
    'check',
    'utf8',
    null,
    'what was tried on the share: mmap_shared_write, o_direct, fallocate, hard_link, symlink, rename_over_open, open_unlink_fstat, flock, ' +
      'fcntl_lock, xattr_user, chown, mode_bits, mtime_granularity, case_sensitive, statfs, name_to_handle_at, inotify_local, ... (the probe\'s ' +
      'list); symlink_on_host and owner_on_host (what the host sees of it), inotify (a change made on the host side), sqlite_wal (SQLite in WAL mode)',
    false,
  ),
  col(
    'result',
    'utf8',
    null,
    'ok (as POSIX and a local file system) | fails (errno names the error) | differs (it worked, not as locally: detail says how) | ' +
      'unsupported (the check could not be made here, or the probe did not run: detail says why)',
    false,
  ),
  col('errno', 'utf8', null, 'the errno name with fails (EOPNOTSUPP, ENODEV, ...); null otherwise (SQLite\'s own error code is in detail)'),
  col('detail', 'utf8', null, 'what was seen: the evidence for the result', false),
] as const;

export const TABLES = { runs: RUNS_COLUMNS, summary: SUMMARY_COLUMNS, speedups: SPEEDUPS_COLUMNS, semantics: SEMANTICS_COLUMNS } as const;

/**
 * The layout of the result tables this version writes (in each Arrow file's schema metadata, key
 * `sharebench.results_schema`). 1 (no key): speedups' `family` was called `pair`; no `reason`,
 * `below_resolution`, `clock_tick_ms`, `work_scale` columns. Older tables are upgraded as read.
 */
export const RESULTS_SCHEMA = 2;
export const RESULTS_SCHEMA_KEY = 'sharebench.results_schema';
export type TableName = keyof typeof TABLES;

/** Row types, derived from the columns above: a row builder that misses or mistypes a column does not compile. */
export type IdentityRow = RowOf<typeof IDENTITY>;
export type RunRow = RowOf<typeof RUNS_COLUMNS>;
export type SummaryRow = RowOf<typeof SUMMARY_COLUMNS>;
export type SpeedupRow = RowOf<typeof SPEEDUPS_COLUMNS>;
export type SemanticsRow = RowOf<typeof SEMANTICS_COLUMNS>;
