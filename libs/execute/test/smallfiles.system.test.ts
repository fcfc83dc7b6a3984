import { afterEach, describe, expect, it } from 'vitest';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execaNode } from 'execa';
import { loadCampaign, runCampaign, silentProgress } from '@sharebench/execute';
import { analyzeDataset } from '@sharebench/analysis';
import { tinyHostCampaign } from './helpers.js';

const CLI = fileURLToPath(new URL('../../../tools/cli/bin/sharebench.js', import.meta.url));
const roots: string[] = [];
afterEach(async () => {
  for (const r of roots.splice(0)) await rm(r, { recursive: true, force: true });
});

const SMALL = {
  fio: { workloads: ['filecreate', 'filestat', 'filedelete'], numjobs: [1], nrfiles: 50, filesize: '4k' },
  tree: { dirs: 4, files_per_dir: 5, file_size: '2k' },
  repeats: 2,
};

describe('execute: metadata and tree jobs', () => {
  it('runs fio\'s metadata engines and every tree operation on the host into ops rows with CIs and no leftovers', async () => {
    const t = await tinyHostCampaign('smallhost', SMALL);
    roots.push(t.root);
    const campaign = await loadCampaign(t.dir);
    const outcome = await runCampaign(campaign, {
      dataset: t.dir,
      selection: {},
      signal: new AbortController().signal,
      progress: silentProgress,
      tool: { version: 'test', git_commit: null },
      cacheDir: join(t.root, 'cache'),
    });
    expect(outcome).toMatchObject({ executed: 14, interrupted: false });
    const tables = await analyzeDataset(t.dir);
    expect(tables.runs).toHaveLength(14);
    for (const r of tables.runs) {
      expect(r, `${r.job} r${r.repeat}: ${r.error}`).toMatchObject({ status: 'ok', direction: 'ops', blocksize_bytes: null, iodepth: null, bw_bytes: null });
      expect(r.ops_per_s).toBeGreaterThan(0);
      expect(r.elapsed_ms).toBeGreaterThan(0);
    }
    const ofJob = (job: string) => tables.runs.filter((r) => r.job === job);
    expect(ofJob('filecreate').map((r) => [r.workload, r.ioengine, r.total_ios])).toEqual([['filecreate', 'filecreate', 50], ['filecreate', 'filecreate', 50]]);
    expect(ofJob('filestat')[0]!.clat_p99_ns).toBeGreaterThan(0);
    const walks = ofJob('tree-walk').map((r) => [r.workload, r.ioengine, r.total_ios, r.fio_version]);
    expect(walks).toEqual([['walk', 'busybox', 25, null], ['walk', 'busybox', 25, null]]);
    expect(ofJob('tree-read')[0]!.total_ios).toBe(20);
    for (const r of ofJob('tree-untar')) expect(r.ops_per_s).toBeCloseTo(25 / (r.elapsed_ms! / 1000), 6);
    const walk = tables.summary.find((s) => s.job === 'tree-walk')!;
    expect(walk).toMatchObject({ n: 2, n_ok: 2, status: 'ok', direction: 'ops' });
    expect(walk.ops_per_s_samples).toHaveLength(2);
    expect(walk.ops_per_s_ci95_lo).not.toBeNull();
    const manifest = JSON.parse(await readFile(join(t.dir, 'raw/runs/host/tree-untar/r1/run.json'), 'utf8'));
    expect(manifest.job).toMatchObject({ kind: 'tree', workload: 'untar', tree: { dirs: 4, files_per_dir: 5, file_size_bytes: 2048 } });
    expect(manifest.command).toEqual([expect.stringMatching(/busybox$/), 'tar', '-x', '-f', '-', '-C', expect.any(String)]);
    const create = JSON.parse(await readFile(join(t.dir, 'raw/runs/host/filecreate/r1/run.json'), 'utf8'));
    expect(create.job).toMatchObject({ kind: 'meta', nrfiles: 50, filesize_bytes: 4096 });
    expect(create.command).toContain('--filename_format=sharebench.filecreate/f.$jobnum.$filenum');
    expect(create.command).not.toContain('--create_only=1');
    // The tree, the mark and the workdirs go with the env's scratch directory.
    expect(await readdir(join(t.dir, 'scratch')).catch(() => [])).toEqual([]);
  });

  it('sharebench run --jobs selects tree operations by name, and report shows them', async () => {
    const t = await tinyHostCampaign('smallcli', SMALL);
    roots.push(t.root);
    const env = { SHAREBENCH_CACHE_DIR: join(t.root, 'cache') };
    const run = await execaNode(CLI, ['run', t.dir, '--jobs', 'tree-untar,tree-walk'], { reject: false, env });
    expect(run.stderr).toMatch(/\[4\/4\] host\/tree-walk\/r2: ok 25 entries in [\d.]+ ms/);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/4 run rows for this plan: 4 ok/);
    const out = join(t.root, 'report');
    const report = await execaNode(CLI, ['report', t.dir, '--out', out], { reject: false });
    expect(report.exitCode, report.stderr).toBe(0);
    const text = await readFile(join(out, 'report.txt'), 'utf8');
    expect(text).toMatch(/^Small files and metadata: operations per second/);
    expect(text).toMatch(/\nhost +tree-untar +[\d,.]+ +-?[\d,.]+ – [\d,.]+ /);
    expect(await readFile(join(out, 'index.html'), 'utf8')).toContain('<section id="small-files">');
  });
});
