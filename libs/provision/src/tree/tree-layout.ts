import type { TreeSpec } from '@sharebench/core';
import type { TarEntry } from '@sharebench/guest-image';

/** The tree's top directory in a test directory, and the mark that says it is there complete. */
export const TREE_DIR = 'sharebench.tree';
export const TREE_MARK = 'sharebench.tree.ok';

/**
 * The tree's entries in archive order, generated from the spec alone: `sharebench.tree/`, then
 * for each directory `d<i>/` and its files `f<j>` (zero-padded, so every listing sorts the same),
 * each file `file_size_bytes` of pseudo-random bytes seeded by its position (incompressible, and
 * the same on every machine).
 */
export function* treeLayout(tree: TreeSpec): Generator<TarEntry> {
  const dw = String(Math.max(0, tree.dirs - 1)).length;
  const fw = String(Math.max(0, tree.files_per_dir - 1)).length;
  yield { type: 'dir', path: TREE_DIR };
  for (let i = 0; i < tree.dirs; i++) {
    const dir = `${TREE_DIR}/d${String(i).padStart(dw, '0')}`;
    yield { type: 'dir', path: dir };
    for (let j = 0; j < tree.files_per_dir; j++) {
      yield { type: 'file', path: `${dir}/f${String(j).padStart(fw, '0')}`, data: fileData(i * tree.files_per_dir + j, tree.file_size_bytes) };
    }
  }
}

// xorshift32, seeded per file: cheap, deterministic, and no two files alike.
function fileData(index: number, bytes: number): Uint8Array {
  const words = new Uint32Array(Math.ceil(bytes / 4));
  let x = (index + 1) * 0x9e3779b1 >>> 0 || 1;
  for (let k = 0; k < words.length; k++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    words[k] = x;
  }
  return new Uint8Array(words.buffer, 0, bytes);
}
