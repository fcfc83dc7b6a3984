/**
 * What a run ran on, beside its job: the mount line, the accelerator, fio, the daemon, QEMU, the
 * guest kernel, and whether O_DIRECT was dropped on the way. The same columns in run.json, the
 * runs table and the summary; null where a field does not apply (the host has no QEMU) or is not
 * known (imported files).
 */
export interface StackInfo {
  /** The share's line in the guest's (or host's) /proc/mounts. */
  mount: string | null;
  /** `kvm` or `tcg` for guests; null on the host. */
  accel: string | null;
  fio_version: string | null;
  /** virtio-fs: which virtiofsd (`c` | `rust`); null elsewhere. */
  daemon: string | null;
  /** virtio-fs: the daemon's `--version`. */
  daemon_version: string | null;
  /** Guests: QEMU's `--version` line. */
  qemu_version: string | null;
  /** Guests: the guest's `uname -r`. */
  guest_kernel: string | null;
  /** The job asked for O_DIRECT and virtiofsd ignored it (no allow_direct_io); null where it does not apply. */
  direct_ignored: boolean | null;
}

/** The stack's fields, in column order. */
export const STACK_FIELDS = [
  'mount',
  'accel',
  'fio_version',
  'daemon',
  'daemon_version',
  'qemu_version',
  'guest_kernel',
  'direct_ignored',
] as const satisfies ReadonlyArray<keyof StackInfo>;

/** Nothing known of the stack. */
export const NO_STACK: Readonly<StackInfo> = Object.freeze({
  mount: null,
  accel: null,
  fio_version: null,
  daemon: null,
  daemon_version: null,
  qemu_version: null,
  guest_kernel: null,
  direct_ignored: null,
});

/** The stack fields of a record that has them (missing ones as null). */
export function stackOf(record: Partial<StackInfo>): StackInfo {
  const out = { ...NO_STACK };
  for (const key of STACK_FIELDS) (out as Record<string, unknown>)[key] = record[key] ?? null;
  return out;
}

/**
 * The stack of a cell from its repeats: each text field from the first repeat that knows it;
 * `direct_ignored` true if any repeat had O_DIRECT dropped.
 */
export function stackOfRepeats(repeats: ReadonlyArray<Partial<StackInfo>>): StackInfo {
  const out = { ...NO_STACK };
  for (const key of STACK_FIELDS) {
    if (key === 'direct_ignored') continue;
    (out as Record<string, unknown>)[key] = repeats.find((r) => r[key] != null)?.[key] ?? null;
  }
  const ignored = repeats.map((r) => r.direct_ignored);
  out.direct_ignored = ignored.includes(true) ? true : ignored.includes(false) ? false : null;
  return out;
}
