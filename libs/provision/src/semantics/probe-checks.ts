/**
 * The vocabulary of the semantics probe (probe/semantics-probe.c), as const objects so the
 * `semantics` table (`env, check, result, errno, detail`) can be built and checked from them.
 */

/** What a check found: see the probe's header comment for the meaning of each. */
export const ProbeResult = {
  ok: 'ok',
  fails: 'fails',
  differs: 'differs',
  unsupported: 'unsupported',
} as const;
export type ProbeResult = (typeof ProbeResult)[keyof typeof ProbeResult];
export const isProbeResult = (v: unknown): v is ProbeResult => Object.values(ProbeResult).includes(v as ProbeResult);

/**
 * Every row name, in the order the probe runs its checks (`semantics-probe --list` prints the
 * same list). The `*_on_host` rows are the runner's: it emits them when the probe asks it, with a
 * HOSTSTAT line, what the other side of the share sees.
 */
export const PROBE_CHECKS = [
  'mmap_shared_write',
  'o_direct',
  'fallocate',
  'fallocate_punch_hole',
  'seek_hole',
  'hard_link',
  'symlink',
  'symlink_on_host',
  'rename_over_open',
  'open_unlink_fstat',
  'flock',
  'fcntl_lock',
  'xattr_user',
  'chown',
  'owner_on_host',
  'mode_bits',
  'mtime_granularity',
  'case_sensitive',
  'statfs',
  'name_to_handle_at',
  'open_by_handle_at',
  'inotify_local',
  'inotify',
  'o_tmpfile',
  'copy_file_range',
  'renameat2_noreplace',
  'renameat2_exchange',
  'sync_file_range',
  'fifo',
  'unix_socket',
] as const;
export type ProbeCheck = (typeof PROBE_CHECKS)[number];
export const isProbeCheck = (v: unknown): v is ProbeCheck => PROBE_CHECKS.includes(v as ProbeCheck);

/** The rows the runner emits (from HOSTSTAT requests); `--only` takes the others. */
export const HOST_SIDE_CHECKS = ['symlink_on_host', 'owner_on_host'] as const satisfies readonly ProbeCheck[];

/** File types as the protocol names them (HOSTSTAT's type field). */
export const FILE_TYPES = ['file', 'dir', 'symlink', 'fifo', 'socket', 'char', 'block', 'unknown'] as const;
export type FileType = (typeof FILE_TYPES)[number];
export const isFileType = (v: unknown): v is FileType => FILE_TYPES.includes(v as FileType);
