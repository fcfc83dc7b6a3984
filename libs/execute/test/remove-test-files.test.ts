import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markShareDir, SHARE_MARKER, TREE_DIR, TREE_MARK, type HostEnvSpec } from '@sharebench/provision';
import { removeTestFiles } from '../src/run/remove-test-files.js';

describe('execute/run/remove-test-files', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(os.tmpdir(), 'sharebench-clean-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("removes sharebench's test files from a named directory and keeps its marker", async () => {
    const dir = join(root, 'named');
    await markShareDir(dir, { dataset: join(root, 'ds'), campaign: 'c' });
    for (const f of ['sharebench.0.0', 'sharebench.3.0', TREE_MARK]) await writeFile(join(dir, f), 'x');
    for (const d of ['sharebench.filecreate', 'sharebench.filestat-multi', TREE_DIR]) await mkdir(join(dir, d, 'sub'), { recursive: true });
    const spec: HostEnvSpec = { name: 'host', kind: 'host', dir };
    await removeTestFiles(spec, join(root, 'scratch'));
    expect(await readdir(dir)).toEqual([SHARE_MARKER]);
  });

  it('removes the whole directory sharebench made itself, marker and all', async () => {
    const made = join(root, 'scratch', 'host');
    await markShareDir(made, { dataset: join(root, 'ds'), campaign: 'c' });
    await writeFile(join(made, 'sharebench.0.0'), 'x');
    await removeTestFiles({ name: 'host', kind: 'host', dir: null }, join(root, 'scratch'));
    expect(existsSync(made)).toBe(false);
  });
});
