import { isAbsolute, normalize, sep } from 'node:path';

/**
 * The host's own trees: a guest (whose root is the daemon's root: QEMU and virtiofsd run as root)
 * may write anywhere it is given, so none of these, nor anything under them, is ever shared
 * (docs/shares.md lists them; keep the two in step).
 * `/lib*` stands for every top-level directory whose name starts with `lib` (lib32, lib64, libx32, ...).
 */
const SYSTEM_TREES: Readonly<Record<string, string>> = {
  '/bin': 'programs',
  '/boot': 'the kernel and the boot loader',
  '/dev': 'device nodes',
  '/efi': 'the EFI system partition',
  '/etc': "the host's configuration",
  '/lib*': 'libraries and kernel modules',
  '/lost+found': "fsck's recovered files",
  '/nix': 'the Nix store',
  '/opt': 'add-on software packages',
  '/proc': "the kernel's view of processes",
  '/run': "services' runtime state",
  '/sbin': 'system programs',
  '/snap': 'snap packages',
  '/sys': "the kernel's view of devices",
  '/usr': 'installed software',
  '/var': "the system's state: logs, spools, package and service databases",
};

/**
 * Places inside a system tree that are not the system's: /var/tmp (scratch that outlives a reboot)
 * and sharebench's own place under /var/lib.
 */
export const SHAREBENCH_VAR_LIB = '/var/lib/sharebench';
const OPEN_PLACES = ['/var/tmp', SHAREBENCH_VAR_LIB];

/**
 * Directories that hold other people's data one level down (homes, mounted disks, served data):
 * refused themselves, usable through a subdirectory of their own.
 */
const CONTAINERS: Readonly<Record<string, string>> = {
  '/home': 'the home directories',
  '/media': 'the mount points of removable disks',
  '/mnt': 'the mount points of other file systems',
  '/srv': 'the data this host serves',
};

/** Which system tree an absolute path is or lies in, and what that tree holds; null when it is in none. */
export interface SystemTree {
  /** The top-level directory (`/etc`), or `/` for the root itself. */
  tree: string;
  /** What it holds, for messages: "the host's configuration". */
  holds: string;
  /** True when only the directory itself is refused (a container such as /mnt), not what is under it. */
  containerOnly: boolean;
}

/**
 * The system tree `path` (absolute; normalized here) is or lies in: `/` itself, a top-level system
 * directory or anything under it (except /var/tmp and /var/lib/sharebench and below), or a
 * container directory itself (/home, /mnt, /media, /srv). Null when the path is none of these.
 * Pure: symlinks are the caller's to resolve first.
 */
export function systemTreeOf(path: string): SystemTree | null {
  if (!isAbsolute(path)) throw new Error(`systemTreeOf needs an absolute path, got ${JSON.stringify(path)}`);
  const p = normalize(path).replace(/\/+$/, '') || sep;
  if (p === sep) return { tree: sep, holds: "the host's whole file system", containerOnly: false };
  if (OPEN_PLACES.some((open) => p === open || p.startsWith(`${open}/`))) return null;
  const top = `/${p.split('/')[1]!}`;
  if (CONTAINERS[top] !== undefined) return p === top ? { tree: top, holds: CONTAINERS[top], containerOnly: true } : null;
  const key = top.startsWith('/lib') ? '/lib*' : top;
  const holds = SYSTEM_TREES[key];
  return holds === undefined ? null : { tree: top, holds, containerOnly: false };
}
