import { mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';

/**
 * Fills `dir` with a symlink per busybox applet (but `withheld`) and one per named program, and
 * returns it: a PATH on which a script finds the same tools on the host as in a guest, whose
 * /bin is busybox's applets (the host's own tar, find, rm are GNU's, and would time differently).
 */
export async function busyboxToolPath(
  dir: string,
  busybox: string,
  programs: Readonly<Record<string, string>>,
  withheld: ReadonlySet<string> = new Set(),
): Promise<string> {
  await mkdir(dir, { recursive: true });
  const applets = (await execa(busybox, ['--list'])).stdout.split('\n').filter((a) => a && !withheld.has(a) && !(a in programs));
  await Promise.all([
    ...applets.map((a) => symlink(busybox, join(dir, a))),
    ...Object.entries(programs).map(([name, path]) => symlink(path, join(dir, name))),
  ]);
  return dir;
}
