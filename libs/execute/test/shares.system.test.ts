import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { loadCampaign, runCampaign, silentProgress } from '@sharebench/execute';
import { analyzeDataset } from '@sharebench/analysis';
import { SHARE_MARKER } from '@sharebench/provision';
import { tinyHostCampaign } from './helpers.js';

const roots: string[] = [];
const mounts: string[] = [];
afterEach(async () => {
  for (const m of mounts.splice(0)) await execa('umount', ['-l', m], { reject: false });
  for (const r of roots.splice(0)) await rm(r, { recursive: true, force: true });
});
afterAll(async () => {
  for (const m of mounts.splice(0)) await execa('umount', ['-l', m], { reject: false });
});

const options = (dataset: string, root: string) => ({
  dataset,
  selection: {},
  signal: new AbortController().signal,
  progress: silentProgress,
  tool: { version: 'test', git_commit: null },
  cacheDir: join(root, 'cache'),
});
const SMALL = {
  fio: { workloads: ['randread', 'filestat'], ioengines: ['psync'], numjobs: [1], size: '1M', runtime: '300ms', direct: false, nrfiles: 20, filesize: '4k' },
  tree: { dirs: 4, files_per_dir: 5, file_size: '2k', ops: ['untar', 'walk'] },
  repeats: 1,
};

describe('execute: shares (real fio)', () => {
  it('marks a named directory on first use; the marker lets a second campaign in although files are left, and is never measured', async () => {
    const first = await tinyHostCampaign('first', SMALL);
    roots.push(first.root);
    const share = join(first.root, 'share');
    const withShare = async (file: string) =>
      writeFile(file, JSON.stringify({ ...JSON.parse(await readFile(file, 'utf8')), envs: [{ name: 'host', kind: 'host', dir: share }] }));
    await withShare(first.file);
    expect(await runCampaign(await loadCampaign(first.dir), options(first.dir, first.root))).toMatchObject({ executed: 4 });
    const marker = JSON.parse(await readFile(join(share, SHARE_MARKER), 'utf8'));
    expect(marker).toMatchObject({ sharebench_share: 1, dataset: first.dir, campaign: 'first' });
    expect(Date.parse(marker.created_at)).toBeLessThanOrEqual(Date.now());
    // Cleaning took the test files and left the marker; nothing measured counted it.
    expect(await readdir(share)).toEqual([SHARE_MARKER]);
    const { runs } = await analyzeDataset(first.dir);
    expect(runs.map((r) => [r.job, r.status])).toEqual([['randread-psync', 'ok'], ['filestat', 'ok'], ['tree-untar', 'ok'], ['tree-walk', 'ok']]);
    expect(runs.find((r) => r.job === 'tree-walk')!.total_ios).toBe(25);
    expect(runs.find((r) => r.job === 'filestat')!.total_ios).toBe(20);

    // What a kill -9 leaves: test files beside the marker. Another campaign (another dataset) still uses the directory.
    await writeFile(join(share, 'sharebench.0.0'), 'left by a killed run');
    const second = await tinyHostCampaign('second', SMALL);
    roots.push(second.root);
    await withShare(second.file);
    expect(await runCampaign(await loadCampaign(second.dir), options(second.dir, second.root))).toMatchObject({ executed: 4 });
    expect(JSON.parse(await readFile(join(share, SHARE_MARKER), 'utf8'))).toEqual(marker);
    expect(await readdir(share)).toEqual([SHARE_MARKER]);

    // Without the marker, the same leftovers make it someone's directory: refused, and nothing written.
    await writeFile(join(share, 'sharebench.0.0'), 'left by a killed run');
    await rm(join(share, SHARE_MARKER));
    const third = await tinyHostCampaign('third', SMALL);
    roots.push(third.root);
    await withShare(third.file);
    await expect(loadCampaign(third.dir)).rejects.toThrow(/envs\[0\]\.dir: refusing to share .*\/share: it is not empty and not sharebench's \(it holds sharebench\.0\.0;/);
    expect(await readdir(third.dir)).toEqual(['campaign.json']);
  });

  it("refuses a data disk's mount point (lost+found) and runs in an empty subdirectory of it", async () => {
    const fio = { workloads: ['randread'], ioengines: ['psync'], numjobs: [1], size: '1M', runtime: '300ms', direct: false };
    const t = await tinyHostCampaign('disk', { repeats: 1, fio });
    roots.push(t.root);
    const image = join(t.root, 'disk.img');
    const mountPoint = join(t.root, 'data-disk');
    await execa('truncate', ['-s', '16M', image]);
    await execa('mkfs.ext4', ['-q', '-F', image]);
    await mkdir(mountPoint);
    await execa('mount', ['-o', 'loop', image, mountPoint]);
    mounts.push(mountPoint);
    expect(await readdir(mountPoint)).toEqual(['lost+found']);
    const use = async (dir: string) =>
      writeFile(t.file, JSON.stringify({ ...JSON.parse(await readFile(t.file, 'utf8')), envs: [{ name: 'host', kind: 'host', dir }] }));
    await use(mountPoint);
    await expect(loadCampaign(t.dir)).rejects.toThrow(
      new RegExp(`envs\\[0\\]\\.dir: refusing to share ${mountPoint}: it is not empty and not sharebench's \\(it holds lost\\+found; .*\\); ` +
        `use an empty subdirectory, e.g. ${mountPoint}/sharebench$`),
    );
    await use(join(mountPoint, 'sharebench'));
    expect(await runCampaign(await loadCampaign(t.dir), options(t.dir, t.root))).toMatchObject({ executed: 1 });
    expect((await analyzeDataset(t.dir)).runs.map((r) => r.status)).toEqual(['ok']);
    expect((await readdir(mountPoint)).sort()).toEqual(['lost+found', 'sharebench']);
    expect(await readdir(join(mountPoint, 'sharebench'))).toEqual([SHARE_MARKER]);
  });
});
