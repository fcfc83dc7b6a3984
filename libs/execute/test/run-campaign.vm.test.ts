import { cacheDir as sharebenchCache } from '@sharebench/host';
import { afterEach, describe, expect, it } from 'vitest';
import { readFile, rm, readdir } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execaNode } from 'execa';
import { fileURLToPath } from 'node:url';
import { loadCampaign, runCampaign, silentProgress } from '@sharebench/execute';
import { analyzeDataset, fromArrowIpc, readTableBytes, type RunRow } from '@sharebench/analysis';
import { kvmHostCheck } from '@sharebench/provision';
import { tinyHostCampaign } from './helpers.js';

const CLI = fileURLToPath(new URL('../../../tools/cli/bin/sharebench.js', import.meta.url));
const roots: string[] = [];
afterEach(async () => {
  for (const r of roots.splice(0)) await rm(r, { recursive: true, force: true });
});

const tool = { version: 'test', git_commit: null };

interface Proc {
  pid: number;
  start: string;
}

/** Running fio processes whose command line names `dir`. */
async function fioProcesses(dir: string): Promise<Proc[]> {
  const found: Proc[] = [];
  for (const p of (await readdir('/proc')).filter((x) => /^\d+$/.test(x))) {
    const cmd = await readFile(`/proc/${p}/cmdline`, 'utf8').catch(() => '');
    const stat = await readFile(`/proc/${p}/stat`, 'utf8').catch(() => '');
    if (cmd.startsWith('fio\0') && cmd.includes(dir) && !gone({ pid: Number(p), start: startOf(stat) })) found.push({ pid: Number(p), start: startOf(stat) });
  }
  return found;
}

const startOf = (stat: string) => stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';

/** No such process any more, a zombie, or the pid reused by a later process. */
function gone(p: Proc): boolean {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${p.pid}/stat`, 'utf8');
  } catch {
    return true;
  }
  const state = stat.slice(stat.lastIndexOf(')') + 2)[0];
  return state === 'Z' || state === 'X' || startOf(stat) !== p.start;
}

describe('execute/run/run-campaign', () => {
  it('runs a host campaign end to end with real fio, every planned run a row with numbers', async () => {
    const t = await tinyHostCampaign('hostcamp');
    roots.push(t.root);
    const campaign = await loadCampaign(t.dir);
    const outcome = await runCampaign(campaign, {
      dataset: t.dir,
      selection: {},
      signal: new AbortController().signal,
      progress: silentProgress,
      tool,
      cacheDir: join(t.root, 'cache'),
    });
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
    expect(manifest.host_conditions.load1).toBeGreaterThanOrEqual(0);
    expect(manifest.host_conditions.cpu_ticks.total).toBeGreaterThan(0);
    for (const r of tables.runs) {
      expect(r.host_cache_dropped).toBe(process.getuid?.() === 0);
      expect(r.host_load1).toBeGreaterThanOrEqual(0);
      // 300 ms on this machine's CPUs: at least 20 ticks when there are 2 or more.
      expect(r.host_busy_ratio === null || (r.host_busy_ratio >= 0 && r.host_busy_ratio <= 1)).toBe(true);
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
    const again = await runCampaign(campaign, {
      dataset: t.dir,
      selection: {},
      signal: new AbortController().signal,
      progress: silentProgress,
      tool,
      cacheDir: join(t.root, 'cache'),
    });
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
    const opts = { dataset: t.dir, selection: {}, signal: new AbortController().signal, progress: silentProgress, tool, cacheDir: join(t.root, 'cache') };
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
    const opts = { dataset: t.dir, selection: {}, signal: new AbortController().signal, progress: silentProgress, tool, cacheDir: join(t.root, 'cache') };
    await expect(runCampaign(await loadCampaign(t.dir), opts)).rejects.toThrow(/the largest job needs 256.0 TiB of test files in .*scratch, which has .* free; free some space/);
    await expect(readdir(join(t.dir, 'raw'))).rejects.toThrow(/ENOENT/);
  });
});

describe('cli run (SIGINT and resume)', () => {
  it('stops on SIGINT with 130, kills fio, keeps finished runs, and resumes without duplicates', async () => {
    const t = await tinyHostCampaign('interrupted', {
      repeats: 3,
      // Direct libaio at queue depth 16: I/O in flight when the run is killed.
      fio: { workloads: ['randread', 'randwrite'], ioengines: ['libaio'], numjobs: [1], size: '8M', runtime: '1s', direct: true },
    });
    roots.push(t.root);
    const child = execaNode(CLI, ['run', t.dir], { reject: false, env: { SHAREBENCH_CACHE_DIR: join(t.root, 'cache') } });
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      child.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        // Interrupt in the middle of the third run: two are finished.
        if (/\[2\/6\]/.test(stderr)) setTimeout(() => resolve(), 400);
      });
      void child.then((r) => reject(new Error(`sharebench run ended before the third run (exit ${r.exitCode}): ${stderr}`)));
    });
    // fio's processes of this run (the job process moves to its own session; cmdline names the dataset).
    const fios = await fioProcesses(t.dir);
    expect(fios.length).toBeGreaterThanOrEqual(1);
    child.kill('SIGINT');
    const first = await child;
    // Right after exit, none of them is left: not one still running down its I/O (looked up by
    // pid, since an exiting process's cmdline is empty), and no other fio naming the dataset.
    const alive = fios.filter((p) => !gone(p));
    expect(first.exitCode).toBe(130);
    expect(first.stderr).toMatch(/SIGINT: stopping the current run/);
    expect(alive).toEqual([]);
    expect(await fioProcesses(t.dir)).toEqual([]);
    const interrupted = fromArrowIpc<RunRow>(await readTableBytes(t.dir, 'runs'));
    expect(interrupted).toHaveLength(6);
    expect(interrupted.filter((r) => r.status === 'ok').length).toBeGreaterThanOrEqual(2);
    expect(interrupted.filter((r) => r.status === 'interrupted').length).toBeGreaterThanOrEqual(1);

    const second = await execaNode(CLI, ['run', t.dir], { reject: false, env: { SHAREBENCH_CACHE_DIR: join(t.root, 'cache') } });
    expect(second.exitCode).toBe(0);
    const rows = fromArrowIpc<RunRow>(await readTableBytes(t.dir, 'runs'));
    expect(rows).toHaveLength(6);
    expect(rows.every((r) => r.status === 'ok')).toBe(true);
    expect(new Set(rows.map((r) => `${r.job}/${r.repeat}/${r.direction}`)).size).toBe(6);
  });

  it('exits within a second of its last line after a guest campaign: no timer, socket or child keeps it alive', async () => {
    const t = await tinyHostCampaign('guest-exit', {
      envs: [{ name: '9p-mmap', kind: '9p', cache: 'mmap', memory: '512M', vcpus: 1 }],
      repeats: 1,
      fio: { workloads: ['randread'], ioengines: ['psync'], numjobs: [1], size: '1M', runtime: '300ms', direct: false },
    });
    roots.push(t.root);
    const child = execaNode(CLI, ['run', t.dir, '--accel', 'tcg'], { reject: false, all: true });
    let lastLineAt = 0;
    child.all!.on('data', () => (lastLineAt = performance.now()));
    const r = await child;
    const exitedAt = performance.now();
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/1 ok, 0 failed/);
    expect(exitedAt - lastLineAt).toBeLessThan(1000);
    // --accel is recorded beside the campaign, and the guest says what it ran under and why.
    const ctx = JSON.parse(await readFile(join(t.dir, 'context.json'), 'utf8'));
    expect(ctx.execution.accel_override).toBe('tcg');
    expect(ctx.envs[0].session).toMatchObject({ accel: 'tcg', accel_reason: 'accel "tcg" was asked for' });
  }, 180_000);

  it('exits 2 with a one-line error for a bad campaign and writes nothing', async () => {
    const t = await tinyHostCampaign('bad', { order: 'random' });
    roots.push(t.root);
    const r = await execaNode(CLI, ['run', t.dir], { reject: false });
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/campaign\.json: order: "random" is not a run order; allowed: sequential, interleaved, shuffled/);
    expect(await readdir(t.dir)).toEqual(['campaign.json']);
  });

  it('refuses an unknown --accel with one line, and dry-runs kvm as this machine allows', async () => {
    const t = await tinyHostCampaign('accel', { envs: [{ name: '9p-none', kind: '9p', cache: 'none', memory: '512M' }] });
    roots.push(t.root);
    const bad = await execaNode(CLI, ['run', t.dir, '--accel', 'hvf'], { reject: false });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr.trim()).toBe('sharebench: --accel: "hvf" is not one of auto, kvm, tcg');
    const dry = await execaNode(CLI, ['run', t.dir, '--dry-run', '--accel', 'kvm'], { reject: false });
    expect(dry.exitCode).toBe(0);
    const host = await kvmHostCheck();
    if (!host.usable) expect(dry.stdout).toContain(`unsupported here: accel "kvm" was asked for but ${host.reason}`);
    expect(await readdir(t.dir)).toEqual(['campaign.json']);
  });

  it('prints the plan on --dry-run and runs nothing', async () => {
    const t = await tinyHostCampaign('dry');
    roots.push(t.root);
    const r = await execaNode(CLI, ['run', t.dir, '--dry-run', '--repeats', '5'], { reject: false });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/1 env\(s\), 2 cell\(s\), 10 run\(s\)/);
    expect(r.stdout).toMatch(/estimated time/);
    expect(await readdir(t.dir)).toEqual(['campaign.json']);
  });
});

describe('execute/run/run-campaign with a guest that fails', () => {
  it('marks the broken environment failed with its reason and log, and goes on with the next one', async () => {
    const { createEnvironment, createVirtiofsEnvironment } = await import('@sharebench/provision');
    const t = await tinyHostCampaign('faulty', {
      envs: [
        { name: 'virtiofs-auto', kind: 'virtiofs', cache: 'auto', memory: '512M', vcpus: 1 },
        { name: 'host', kind: 'host' },
      ],
      repeats: 1,
      fio: { workloads: ['randread'], ioengines: ['psync'], numjobs: [1], size: '1M', runtime: '300ms', direct: false },
    });
    roots.push(t.root);
    const campaign = await loadCampaign(t.dir);
    // The real virtio-fs environment, with the guest told a mount tag the device does not have.
    const factory: typeof createEnvironment = (spec, ctx) =>
      spec.kind === 'virtiofs' ? createVirtiofsEnvironment(spec, ctx, { testing: { guestTag: 'not-the-tag' } }) : createEnvironment(spec, ctx);
    const cacheDir = sharebenchCache();
    const outcome = await runCampaign(campaign, {
      dataset: t.dir,
      selection: {},
      signal: new AbortController().signal,
      progress: silentProgress,
      tool,
      cacheDir,
      environmentFactory: factory,
    });
    expect(outcome.interrupted).toBe(false);
    const { runs } = await analyzeDataset(t.dir);
    const vm = runs.find((r) => r.env === 'virtiofs-auto')!;
    expect(vm).toMatchObject({ status: 'failed', bw_bytes: null });
    expect(vm.error).toMatch(/mount/i);
    expect(vm.error).toMatch(/serial\.log/);
    expect(runs.find((r) => r.env === 'host')).toMatchObject({ status: 'ok' });
    expect((await readdir(join(t.dir, 'raw/envs/virtiofs-auto'))).some((f) => f.startsWith('serial'))).toBe(true);
  }, 180_000);
});
