import { afterEach, describe, expect, it } from 'vitest';
import { readFile, rm, readdir } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { loadCampaign, runCampaign } from '@sharebench/execute';
import { analyzeDataset } from '@sharebench/analysis';
import { loadBand } from '@sharebench/host/testing';
import { runOptions, tinyHostCampaign } from '@sharebench/execute/testing';

const roots: string[] = [];
afterEach(async () => {
  for (const r of roots.splice(0)) await rm(r, { recursive: true, force: true });
});

// Host campaigns with real fio; guests only as far as deciding they cannot run here (nothing boots).
describe('execute/run/run-campaign', () => {
  it('runs a host campaign end to end with real fio, every planned run a row with numbers', async () => {
    const t = await tinyHostCampaign('hostcamp');
    roots.push(t.root);
    const campaign = await loadCampaign(t.dir);
    const loadBefore = os.loadavg()[0]!;
    const outcome = await runCampaign(campaign, runOptions(t.dir, t.root));
    const load = loadBand(loadBefore);
    expect(outcome).toMatchObject({ executed: 4, alreadyDone: 0, interrupted: false });
    const tables = await analyzeDataset(t.dir);
    // randread: 1 direction, randrw: read + write; 2 repeats each.
    expect(tables.runs).toHaveLength(2 * 1 + 2 * 2);
    for (const r of tables.runs) {
      expect(r.status).toBe('ok');
      expect(r.bw_bytes).toBeGreaterThan(0);
      expect(r.iops).toBeGreaterThan(0);
      expect(r.runtime_ms).toBeGreaterThan(0);
      expect(r.fio_version).toMatch(/^fio-3\./);
      expect(r.mount).toMatch(/ /);
      expect(r).toMatchObject({ campaign: 'hostcamp', env: 'host', fs: 'host', blocksize_bytes: 4096, iodepth: 16, numjobs: 1 });
    }
    const rw = tables.summary.filter((s) => s.job === 'randrw-psync');
    expect(rw.map((s) => s.direction).sort()).toEqual(['read', 'write']);
    expect(rw[0]).toMatchObject({ n: 2, n_ok: 2, status: 'ok' });
    expect(rw[0]!.bw_bytes_samples).toHaveLength(2);
    const manifest = JSON.parse(await readFile(join(t.dir, 'raw/runs/host/randread-psync/r1/run.json'), 'utf8'));
    expect(manifest).toMatchObject({ state: 'completed', exit_code: 0, repeat: 1, schema: 2 });
    // Noise on record: the host while the run was timed (root drops the host's caches).
    expect(manifest.host_conditions).toMatchObject({ cache_dropped: process.getuid?.() === 0 });
    // The load as os.loadavg() (the kernel's figure, read another way) saw it around the campaign.
    expect(manifest.host_conditions.load1).toBeGreaterThanOrEqual(load.lo);
    expect(manifest.host_conditions.load1).toBeLessThanOrEqual(load.hi);
    expect(manifest.host_conditions.cpu_ticks.total).toBeGreaterThan(0);
    for (const r of tables.runs) {
      expect(r.host_cache_dropped).toBe(process.getuid?.() === 0);
      expect(r.host_load1).toBeGreaterThanOrEqual(load.lo);
      expect(r.host_load1).toBeLessThanOrEqual(load.hi);
      // 300 ms on this machine's CPUs is at least 20 ticks when there are 2 or more: a ratio, never null.
      if (os.cpus().length >= 2) expect(r.host_busy_ratio).not.toBeNull();
      expect(r.host_busy_ratio ?? 0).toBeGreaterThanOrEqual(0);
      expect(r.host_busy_ratio ?? 0).toBeLessThanOrEqual(1);
    }
    expect(manifest.command).toContain('--output-format=json+');
    const ctx = JSON.parse(await readFile(join(t.dir, 'context.json'), 'utf8'));
    expect(ctx.execution.campaign_hash).toMatch(/^[0-9a-f]{16}$/);
    expect(ctx.execution.plan).toHaveLength(4);
    expect(ctx.host.kernel).toBeTruthy();

    // Test files are gone once the env is done; the dataset keeps only raw results.
    expect(await readdir(t.dir).then((xs) => xs.includes('scratch') ? readdir(join(t.dir, 'scratch')) : [])).toEqual([]);
    // Resume: nothing left to do, no row duplicated, context.json untouched.
    const contextBefore = await readFile(join(t.dir, 'context.json'), 'utf8');
    const again = await runCampaign(campaign, runOptions(t.dir, t.root));
    expect(again).toMatchObject({ executed: 0, alreadyDone: 4 });
    expect((await analyzeDataset(t.dir)).runs).toHaveLength(6);
    expect(await readFile(join(t.dir, 'context.json'), 'utf8')).toBe(contextBefore);
  });

  it('reports a guest bigger than this machine unsupported, with the reason, and runs the rest', async () => {
    const t = await tinyHostCampaign('huge', {
      repeats: 1,
      envs: [{ name: 'host', kind: 'host' }, { name: '9p-none', kind: '9p', cache: 'none', memory: '64T' }],
    });
    roots.push(t.root);
    const opts = runOptions(t.dir, t.root);
    await runCampaign(await loadCampaign(t.dir), opts);
    const { runs } = await analyzeDataset(t.dir);
    const guest = runs.filter((r) => r.env === '9p-none');
    expect(guest.length).toBeGreaterThan(0);
    for (const r of guest) {
      expect(r).toMatchObject({ status: 'unsupported', bw_bytes: null });
      expect(r.error).toMatch(/a 65536 GiB guest does not fit in this machine's .* GiB of memory/);
    }
    expect(runs.filter((r) => r.env === 'host').every((r) => r.status === 'ok')).toBe(true);
    // Still unsupported for the same reason: nothing to redo, nothing rewritten.
    const context = await readFile(join(t.dir, 'context.json'), 'utf8');
    const again = await runCampaign(await loadCampaign(t.dir), opts);
    expect(again).toMatchObject({ executed: 0, alreadyDone: 4 });
    expect(await readFile(join(t.dir, 'context.json'), 'utf8')).toBe(context);
  });

  it('refuses, before running anything, test files bigger than the free space', async () => {
    const t = await tinyHostCampaign('bigfiles', { fio: { workloads: ['randread'], ioengines: ['psync'], numjobs: [4], size: '64T', runtime: '1s' } });
    roots.push(t.root);
    const opts = runOptions(t.dir, t.root);
    await expect(runCampaign(await loadCampaign(t.dir), opts)).rejects.toThrow(/the largest job needs 256.0 TiB of test files in .*scratch, which has .* free; free some space/);
    await expect(readdir(join(t.dir, 'raw'))).rejects.toThrow(/ENOENT/);
  });
});
