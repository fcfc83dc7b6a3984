import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { homeClash, homeDirectories } from './homes.js';
import { resolveExisting } from './resolve-existing.js';
import { readShareMarker, SHARE_MARKER } from './share-marker.js';
import { SHAREBENCH_VAR_LIB, systemTreeOf } from './system-trees.js';
import { message } from '../messages.js';

/** How a share directory was judged: the path as given (absolute), where it leads, and why not (null: it may be shared). */
export interface ShareDirVerdict {
  path: string;
  resolved: string;
  problem: string | null;
}

export interface ShareDirCheck {
  /** The environment's name, for the suggested alternative (`/var/lib/sharebench/<env>`). */
  env: string;
  /**
   * Also judge what is in it: only an empty directory, or one with sharebench's marker, may be
   * shared (false for a directory sharebench owns by construction, such as a dataset's scratch).
   */
  contents: boolean;
  /**
   * `parent`: the directory is not shared itself but holds the shares sharebench makes (a
   * campaign's `scratch`): only `/` and the system trees are refused. Default `share`.
   */
  role?: 'share' | 'parent';
}

// Entries named when a directory holds someone else's files.
const LISTED_ENTRIES = 3;

/**
 * Whether a directory may be handed to a guest (or to the host env's fio), judged before anything
 * is created and after symlinks are resolved (the real path of the longest existing prefix):
 * never `/`, a system tree or anything under one (see systemTreeOf), a container of other
 * people's directories (/home, /mnt, /media, /srv), a home directory or an ancestor of one; and
 * with `contents`, only an empty directory or one carrying sharebench's marker. The problem is
 * one line: the path, what it resolves to, why, and a safe alternative. Reads only.
 */
export async function shareDirProblem(path: string, check: ShareDirCheck): Promise<ShareDirVerdict> {
  const absolute = resolve(path);
  const resolved = await resolveExisting(absolute);
  const shown = message.shareShown(absolute, resolved);
  const verdict = (problem: string | null): ShareDirVerdict => ({ path: absolute, resolved, problem });
  const verb = check.role === 'parent' ? 'make shares in' : 'share';
  const refuse = (why: string, instead: string) => verdict(message.shareRefused(verb, shown, why, instead));
  const ownPlace = check.role === 'parent'
    ? message.shareInsteadOutsideSystem(SHAREBENCH_VAR_LIB)
    : message.shareInsteadOwnDir(join(SHAREBENCH_VAR_LIB, check.env));

  for (const p of new Set([absolute, resolved])) {
    const system = systemTreeOf(p);
    if (!system) continue;
    if (system.tree === '/') return refuse(message.shareIsRoot(system.holds), ownPlace);
    if (system.containerOnly) {
      if (check.role === 'parent') continue;
      return refuse(message.shareIsContainer(system.tree, system.holds), message.shareInsteadBelow(join(p, 'sharebench')));
    }
    return refuse(message.shareInSystemTree(system.tree, p !== system.tree, system.holds), ownPlace);
  }
  if (check.role === 'parent') return verdict(null);
  const homes = await homeDirectories();
  for (const p of new Set([absolute, resolved])) {
    const clash = homeClash(p, homes);
    const inside = join(p, 'sharebench');
    if (clash?.relation === 'is') return refuse(message.shareIsHome(clash.home), message.shareInsteadInsideHome(inside));
    if (clash) return refuse(message.shareHoldsHome(clash.home), message.shareInsteadOwnDirOnDisk(inside));
  }
  if (!check.contents) return verdict(null);

  const st = await stat(resolved).catch((err: NodeJS.ErrnoException) => err);
  if (st instanceof Error) {
    if (st.code === 'ENOENT') return verdict(null);
    return refuse(message.shareCannotExamine(st.code ?? st.message), message.shareInsteadReadable());
  }
  if (!st.isDirectory()) return refuse(message.shareNotDirectory(), message.shareInsteadDirectory(absolute));
  let entries: string[];
  try {
    entries = (await readdir(resolved)).sort();
  } catch (err) {
    return refuse(message.shareCannotList((err as NodeJS.ErrnoException).code ?? (err as Error).message), message.shareInsteadReadable());
  }
  if (entries.length === 0) return verdict(null);
  const subdir = message.shareInsteadSubdir(join(absolute, 'sharebench'));
  if (entries.includes(SHARE_MARKER)) {
    const marker = await readShareMarker(resolved);
    if (marker === 'valid') return verdict(null);
    return refuse(message.shareForeignMarker(SHARE_MARKER), message.shareInsteadRemoveMarker(subdir));
  }
  return refuse(message.shareNotEmpty(entries.slice(0, LISTED_ENTRIES), Math.max(0, entries.length - LISTED_ENTRIES)), subdir);
}
