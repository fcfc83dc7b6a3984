import { execa } from 'execa';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTreeArchives } from '../../src/tree/tree-tarball.js';
import { treeLayout } from '../../src/tree/tree-layout.js';
import { appendToInitrd } from '../../src/guest/guest-initrd.js';

const TREE = { dirs: 3, files_per_dir: 7, file_size_bytes: 1500 };

describe('tree/tree-tarball (real busybox tar and cpio)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sharebench-tree-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a tarball busybox tar extracts into exactly the tree, byte for byte, once per spec', async () => {
    const a = await ensureTreeArchives(TREE, join(dir, 'cache'));
    expect(a).toMatchObject({ entries: 25, files: 21, bytes: 21 * 1500 });
    const out = join(dir, 'x');
    await mkdir(out, { recursive: true });
    await execa('busybox', ['tar', '-x', '-f', a.tarPath, '-C', out]);
    const listed = (await execa('busybox', ['find', join(out, 'sharebench.tree')])).stdout.split('\n');
    expect(listed).toHaveLength(a.entries);
    for (const entry of treeLayout(TREE)) {
      if (entry.type === 'file') expect((await readFile(join(out, entry.path))).equals(Buffer.from(entry.data))).toBe(true);
    }
    const before = (await stat(a.tarPath)).mtimeMs;
    const again = await ensureTreeArchives(TREE, join(dir, 'cache'));
    expect(again.tarPath).toBe(a.tarPath);
    expect((await stat(a.tarPath)).mtimeMs).toBe(before);
    expect((await ensureTreeArchives({ ...TREE, dirs: 4 }, join(dir, 'cache'))).tarPath).not.toBe(a.tarPath);
  });

  it('wraps it as tree.tar in a newc archive that still unpacks after an initramfs of odd length', async () => {
    const a = await ensureTreeArchives(TREE, join(dir, 'cache'));
    const odd = join(dir, 'odd.cpio');
    await writeFile(odd, Buffer.alloc(4093, 'x'));
    const initrd = await appendToInitrd(odd, [a.cpioPath], join(dir, 'initrd'));
    const bytes = await readFile(initrd);
    // The appended archive starts 4-byte aligned, after zero padding.
    expect(bytes.subarray(4093, 4096)).toEqual(Buffer.alloc(3));
    expect(bytes.toString('ascii', 4096, 4102)).toBe('070701');
    const out = join(dir, 'c');
    await mkdir(out, { recursive: true });
    await execa('busybox', ['cpio', '-i', '-d', '-F', a.cpioPath], { cwd: out });
    expect((await readFile(join(out, 'tree.tar'))).equals(await readFile(a.tarPath))).toBe(true);
  });
});
