import { describe, expect, it } from 'vitest';
import { treeEntries } from '@sharebench/core';
import { TREE_DIR, treeLayout } from '../../src/tree/tree-layout.js';

describe('tree/tree-layout', () => {
  it('lays out the tree from the spec alone: the same names and bytes every time', () => {
    const spec = { dirs: 12, files_per_dir: 3, file_size_bytes: 10 };
    const entries = [...treeLayout(spec)];
    expect(entries).toHaveLength(treeEntries(spec).entries);
    expect(entries.slice(0, 3).map((e) => e.path)).toEqual([TREE_DIR, `${TREE_DIR}/d00`, `${TREE_DIR}/d00/f0`]);
    expect(entries.at(-1)!.path).toBe(`${TREE_DIR}/d11/f2`);
    const files = entries.filter((e) => e.type === 'file');
    expect(files).toHaveLength(36);
    expect(files.every((f) => f.data.byteLength === 10)).toBe(true);
    // Deterministic, and no two files alike.
    expect([...treeLayout(spec)]).toEqual(entries);
    expect(new Set(files.map((f) => Buffer.from(f.data).toString('hex'))).size).toBe(36);
  });

  it('counts entries as the tree operations do: the top directory, the directories and the files', () => {
    expect(treeEntries({ dirs: 50, files_per_dir: 200, file_size_bytes: 4096 })).toEqual({ entries: 10_051, files: 10_000, bytes: 40_960_000 });
  });
});
