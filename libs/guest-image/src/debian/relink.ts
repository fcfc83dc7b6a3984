import { access, constants, readFile, rename, rm, stat } from 'node:fs/promises';
import { lastLines, writeFileAtomic } from '@sharebench/core';
import { join } from 'node:path';
import { execa } from 'execa';
import { which } from '@sharebench/host';
import { message } from '../messages.js';

/** Library directories of an unpacked Debian tree (trixie's merged /usr, and bookworm's /lib). */
const LIB_DIRS = ['usr/lib/x86_64-linux-gnu', 'lib/x86_64-linux-gnu'];
const LOADER = 'usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2';

/** What a relinked unpack records beside its files (`<root>/sharebench-unpacked.json`). */
export interface UnpackedManifest {
  /** How the tree was made; a reader that expects a newer layout upgrades or unpacks again. */
  layout: number;
  /** The absolute path the binaries were relinked for: a moved cache dir is relinked again. */
  root: string;
  /** Whether the binaries run through the tree's own glibc loader. */
  own_loader: boolean;
}

const MANIFEST = 'sharebench-unpacked.json';

/** The manifest of an unpacked tree, or null when it has none (unfinished, or made before layouts). */
export async function readUnpackedManifest<T extends UnpackedManifest>(root: string): Promise<T | null> {
  const text = await readFile(join(root, MANIFEST), 'utf8').catch(() => null);
  if (text === null) return null;
  try {
    const parsed = JSON.parse(text) as T;
    return typeof parsed.layout === 'number' && typeof parsed.root === 'string' ? parsed : null;
  } catch {
    return null;
  }
}

/** Writes the manifest last, once the tree works: its presence means the tree is complete. */
export function writeUnpackedManifest(root: string, manifest: UnpackedManifest): Promise<void> {
  return writeFileAtomic(join(root, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** The one line to print when patchelf is missing. */
/** Whether `<root>` carries its own glibc loader (a libc6 newer than the host's was unpacked). */
export function hasOwnLoader(root: string): Promise<boolean> {
  return access(join(root, LOADER), constants.X_OK).then(() => true, () => false);
}

/**
 * Points the unpacked ELF executable `binary` at the libraries unpacked beside it under `root`,
 * with Debian's patchelf: DT_RPATH to the tree's library directories (DT_RPATH, not DT_RUNPATH:
 * glibc searches an executable's RPATH for every library it loads, the libraries' own
 * dependencies too, and before LD_LIBRARY_PATH), and, with `ownLoader`, the tree's ld.so as the
 * interpreter. The program then runs by its own name (`ps` and `pgrep -x` see `virtiofsd`, not
 * `ld-linux-x86-64`). The file is patched as a copy renamed over the original, so a process
 * running the old one is not disturbed.
 */
export async function relinkUnpacked(binary: string, root: string, ownLoader: boolean): Promise<void> {
  const patchelf = await which('patchelf');
  if (!patchelf) throw new Error(message.patchelfMissing());
  const dirs = [];
  for (const dir of LIB_DIRS) if (await stat(join(root, dir)).then((s) => s.isDirectory(), () => false)) dirs.push(join(root, dir));
  const copy = `${binary}.relink.${process.pid}`;
  const args = [
    ...(ownLoader ? ['--set-interpreter', join(root, LOADER)] : []),
    '--force-rpath',
    '--set-rpath', dirs.join(':'),
    '--output', copy,
    binary,
  ];
  try {
    const r = await execa(patchelf, args, { reject: false, all: true });
    if (r.exitCode !== 0) throw new Error(message.patchelfFailed(args, r.exitCode, lastLines(r.all ?? '')));
    await rename(copy, binary);
  } finally {
    await rm(copy, { force: true });
  }
}
