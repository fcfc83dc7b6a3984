/** A mount line's file system type and options. */
export interface MountLine {
  type: string | null;
  options: readonly string[];
}

/**
 * Splits a mount line: `/proc/mounts` (`<source> <dir> <type> <options> ...`) and the seed's
 * MOUNTPOINT header (findmnt's `<dir> <source> <type> <options>`) both put the type third and
 * the comma-separated options fourth.
 */
export function mountOptions(line: string | undefined): MountLine {
  const words = (line ?? '').trim().split(/\s+/);
  return { type: words[2] || null, options: words[3] ? words[3].split(',') : [] };
}
