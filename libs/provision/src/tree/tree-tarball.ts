import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { tempSibling, treeEntries, type TreeSpec } from '@sharebench/core';
import { encodeCpioEntry, encodeTarEntry, tarEnd } from '@sharebench/guest-image';
import { treeLayout } from './tree-layout.js';

// Bumped whenever the generated tree or the archives change in a way the spec does not show.
const TREE_FORMAT = 1;

/** Where a guest finds the tree's tarball: in its initramfs, never on the measured share. */
export const GUEST_TREE_TAR = '/tree.tar';

/** A tree's archives in the cache, and what is in them. */
export interface TreeArchives {
  /** The tree as a ustar archive (what `tar -x` extracts into the test directory). */
  tarPath: string;
  /** The same tarball as the one file of a newc cpio archive (`tree.tar`), to append to a guest's initrd. */
  cpioPath: string;
  entries: number;
  files: number;
  bytes: number;
}

const pending = new Map<string, Promise<TreeArchives>>();

/**
 * The tarball of `tree` (see treeLayout) and its cpio wrapping, from `<cacheDir>/tree/` when
 * built before, else written there: deterministic (mtime 0, uid 0), so the same spec gives the
 * same bytes everywhere. Each file is written beside its place and renamed in when complete.
 */
export function ensureTreeArchives(tree: TreeSpec, cacheDir: string): Promise<TreeArchives> {
  const key = createHash('sha256').update(JSON.stringify({ format: TREE_FORMAT, ...tree })).digest('hex').slice(0, 16);
  const dir = join(cacheDir, 'tree');
  const tarPath = join(dir, `${key}.tar`);
  const cpioPath = join(dir, `${key}.cpio`);
  let p = pending.get(key);
  if (!p) {
    p = (async () => {
      await mkdir(dir, { recursive: true });
      if (!(await exists(tarPath))) await writeAtomically(tarPath, tarBytes(tree));
      if (!(await exists(cpioPath))) await writeAtomically(cpioPath, cpioBytes(tarPath, (await stat(tarPath)).size));
      return { tarPath, cpioPath, ...treeEntries(tree) };
    })().finally(() => pending.delete(key));
    pending.set(key, p);
  }
  return p;
}

function* tarBytes(tree: TreeSpec): Generator<Buffer> {
  for (const entry of treeLayout(tree)) yield* encodeTarEntry(entry);
  yield tarEnd();
}

// A newc archive of one file, `tree.tar`, streamed from the tarball: the header is the one
// encodeCpioEntry writes for data of that size.
async function* cpioBytes(tarPath: string, size: number): AsyncGenerator<Buffer> {
  const [header, name, namePad] = encodeCpioEntry({ type: 'file', path: GUEST_TREE_TAR, data: new Uint8Array(0), mode: 0o444 }, 1);
  // The size field (the 7th of 13 hex fields after the 6-byte magic) is the only one that differs.
  const sized = Buffer.from(header!);
  sized.write(size.toString(16).padStart(8, '0'), 6 + 6 * 8, 8, 'ascii');
  yield sized;
  yield name!;
  yield namePad!;
  for await (const chunk of createReadStream(tarPath)) yield chunk as Buffer;
  yield Buffer.alloc((4 - (size % 4)) % 4);
  yield* encodeCpioEntry({ type: 'trailer' }, 0);
}

async function writeAtomically(path: string, bytes: Iterable<Buffer> | AsyncIterable<Buffer>): Promise<void> {
  const tmp = tempSibling(path);
  try {
    await pipeline(Readable.from(bytes), createWriteStream(tmp));
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}
