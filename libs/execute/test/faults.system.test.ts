import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa, execaNode } from 'execa';
import { loadCampaign, runCampaign, silentProgress, type ProgressEvents } from '@sharebench/execute';
import { analyzeDataset, computeTables, fromArrowIpc, readTableBytes, type RunRow } from '@sharebench/analysis';
import { tinyHostCampaign } from './helpers.js';

const CLI = fileURLToPath(new URL('../../../tools/cli/bin/sharebench.js', import.meta.url));
const tool = { version: 'test', git_commit: null };
const roots: string[] = [];
const mounts: string[] = [];
afterEach(async () => {
  for (const m of mounts.splice(0)) await execa('umount', ['-l', m], { reject: false });
  for (const r of roots.splice(0)) await rm(r, { recursive: true, force: true });
});
afterAll(async () => {
  for (const m of mounts.splice(0)) await execa('umount', ['-l', m], { reject: false });
});

/** A fresh 8 MiB tmpfs at `dir` (this test runs as root, as the system tests do). */
async function smallDisk(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await execa('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', dir]);
  mounts.push(dir);
}

/** Writes zeros into `dir` until its filesystem is full. */
function fill(dir: string): void {
  const fd = openSync(join(dir, 'ballast'), 'w');
  const chunk = Buffer.alloc(64 * 1024);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    closeSync(fd);
  }
}

const options = (dataset: string, root: string, progress: ProgressEvents = silentProgress) => ({
  dataset,
  selection: {},
  signal: new AbortController().signal,
  progress,
  tool,
  cacheDir: join(root, 'cache'),
});

describe('execute: faults (real fio)', () => {
  it('fails the run that fills the shared directory with ENOSPC, keeps the finished ones, and the dataset stays readable', async () => {
    const t = await tinyHostCampaign('share-fills', {
      // One job's 3 MiB file fits the 8 MiB disk; the multi job's four do not.
      fio: { workloads: ['seqwrite'], ioengines: ['psync'], numjobs: [1, 4], size: '3M', runtime: '500ms', direct: false },
      order: 'sequential',
    });
    roots.push(t.root);
    const share = join(t.root, 'share');
    await smallDisk(share);
    await writeFile(t.file, JSON.stringify({ ...JSON.parse(await readFile(t.file, 'utf8')), envs: [{ name: 'host', kind: 'host', dir: share }] }));
    const outcome = await runCampaign(await loadCampaign(t.dir), options(t.dir, t.root));
    expect(outcome).toMatchObject({ executed: 4, interrupted: false, stopped: null });
    const { runs } = await analyzeDataset(t.dir);
    const single = runs.filter((r) => r.job === 'seqwrite-psync');
    const multi = runs.filter((r) => r.job === 'seqwrite-psync-multi');
    expect(single.map((r) => r.status)).toEqual(['ok', 'ok']);
    expect(multi.map((r) => r.status)).toEqual(['failed', 'failed']);
    for (const r of multi) expect(r).toMatchObject({ errno: 28, bw_bytes: null, error: expect.stringMatching(/ENOSPC/) });
    // Readable from disk, and the test files are gone from the shared directory (sharebench's marker stays).
    expect(fromArrowIpc<RunRow>(await readTableBytes(t.dir, 'runs'))).toHaveLength(4);
    expect(await readdir(share)).toEqual(['.sharebench-share']);
  });

  it('stops when the dataset fills up during a run: that run is failed with ENOSPC, finished runs kept, the dataset readable', async () => {
    const t = await tinyHostCampaign('dataset-fills', {
      repeats: 4,
      order: 'sequential',
      fio: { workloads: ['randread'], ioengines: ['psync'], numjobs: [1], size: '1M', runtime: '300ms', direct: false },
    });
    roots.push(t.root);
    const dataset = join(t.root, 'small');
    await smallDisk(dataset);
    // Test files elsewhere: only the dataset's raw output meets the full disk.
    await writeFile(t.file, JSON.stringify({ ...JSON.parse(await readFile(t.file, 'utf8')), scratch: join(t.root, 'scratch') }));
    const progress: ProgressEvents = { ...silentProgress, runStart: (_run, done) => done === 2 && fill(dataset) };
    const outcome = await runCampaign(await loadCampaign(t.dir), options(dataset, t.root, progress));
    expect(outcome.stopped).toMatch(/^ENOSPC \(No space left on device\) writing raw\/runs\/host\/randread-psync\/r3\/ in .*: the dataset's filesystem is full/);
    // Still readable as it is, full: the finished runs, the one that met the full disk, the one never run.
    const tables = await computeTables(dataset);
    expect(tables.runs.map((r) => [r.repeat, r.status])).toEqual([[1, 'ok'], [2, 'ok'], [3, 'failed'], [4, 'interrupted']]);
    expect(tables.runs[2]!.error).toMatch(/^ENOSPC .*this run's output was lost \(delete raw\/runs\/host\/randread-psync\/r3 to redo it\)$/);
    expect(tables.runs[3]!.error).toMatch(/^not run: the campaign stopped before this run \(ENOSPC/);
    expect(JSON.parse(readFileSync(join(dataset, 'context.json'), 'utf8')).execution.stopped.reason).toBe(outcome.stopped);
    expect(await readdir(join(dataset, 'raw/runs/host/randread-psync/r3'))).toEqual(['run.json']);
    // With room again, the rest runs; the failed run stays failed until its directory is deleted.
    await rm(join(dataset, 'ballast'));
    const again = await runCampaign(await loadCampaign(t.dir), options(dataset, t.root));
    expect(again).toMatchObject({ executed: 1, stopped: null });
    expect((await analyzeDataset(dataset)).runs.map((r) => r.status)).toEqual(['ok', 'ok', 'failed', 'ok']);
    expect(existsSync(join(dataset, '.sharebench.reserve'))).toBe(false);
  });

  it('analyzes past a truncated output and a corrupt run.json: those runs failed with why, the rest kept; resume redoes the unreadable one', async () => {
    const t = await tinyHostCampaign('corrupt');
    roots.push(t.root);
    const campaign = await loadCampaign(t.dir);
    await runCampaign(campaign, options(t.dir, t.root));
    const out = join(t.dir, 'raw/runs/host/randread-psync/r1/stdout.json');
    await truncate(out, Math.floor((await readFile(out)).length / 2));
    await writeFile(join(t.dir, 'raw/runs/host/randrw-psync/r2/run.json'), '{"schema": 2, "campaign": "corr');
    const { runs } = await analyzeDataset(t.dir);
    expect(runs).toHaveLength(6);
    const byRun = (job: string, repeat: number) => runs.filter((r) => r.job === job && r.repeat === repeat);
    expect(byRun('randread-psync', 1)[0]).toMatchObject({ status: 'failed', bw_bytes: null });
    expect(byRun('randread-psync', 1)[0]!.error).toMatch(
      /^raw\/runs\/host\/randread-psync\/r1\/stdout\.json is truncated or corrupt \(.*\); fio exited 0, so the file was damaged after the run/,
    );
    expect(byRun('randrw-psync', 2).map((r) => r.direction)).toEqual(['read', 'write']);
    for (const r of byRun('randrw-psync', 2)) {
      expect(r.status).toBe('failed');
      expect(r.error).toMatch(/^raw\/runs\/host\/randrw-psync\/r2\/run\.json is unreadable \(.*JSON.*\); its result is lost: run the campaign again to redo this run$/);
    }
    expect(runs.filter((r) => r.status === 'ok')).toHaveLength(3);
    // Resume: the unreadable run.json is no finished run; it is redone (the truncated output is not: fio finished it).
    const again = await runCampaign(campaign, options(t.dir, t.root));
    expect(again).toMatchObject({ executed: 1, alreadyDone: 3 });
    expect((await analyzeDataset(t.dir)).runs.filter((r) => r.job === 'randrw-psync' && r.repeat === 2).map((r) => r.status)).toEqual(['ok', 'ok']);
  });

  it('after kill -9 mid-run, the next run takes the stale lock over, kills what was left, resumes, and no half-written file counts', async () => {
    const t = await tinyHostCampaign('killed', {
      repeats: 3,
      // 3 s runs: the fio the killed sharebench leaves behind still runs when the next one starts.
      fio: { workloads: ['randread', 'randwrite'], ioengines: ['libaio'], numjobs: [1], size: '8M', runtime: '3s', direct: true },
    });
    roots.push(t.root);
    const child = execaNode(CLI, ['run', t.dir], { reject: false });
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      child.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        // Kill it in the middle of the third run: two are finished.
        if (/\[2\/6\]/.test(stderr)) setTimeout(() => resolve(), 700);
      });
      void child.then((r) => reject(new Error(`sharebench run ended before the third run (exit ${r.exitCode}): ${stderr}`)));
    });
    child.kill('SIGKILL');
    expect((await child).signal).toBe('SIGKILL');
    const lock = JSON.parse(await readFile(join(t.dir, '.sharebench.lock'), 'utf8'));
    expect(lock.pid).toBe(child.pid);
    const orphans = await fiosNaming(t.dir);
    // What a kill between writes can leave: output without a run.json, and a temporary file.
    const half = join(t.dir, 'raw/runs/host/randread-libaio/r3');
    await mkdir(half, { recursive: true });
    await writeFile(join(half, 'stdout.json'), '{"fio version": "fio-3.33", "jobs": [');
    await writeFile(join(half, `.stdout.json.${child.pid}.0badf00d.tmp`), '{"fio');
    const before = fromArrowIpc<RunRow>(await readTableBytes(t.dir, 'runs').catch(() => new Uint8Array()));
    expect(before.length === 0 || before.every((r) => r.status !== 'ok' || r.repeat <= 2)).toBe(true);
    const partial = await computeTables(t.dir);
    expect(partial.runs.find((r) => r.job === 'randread-libaio' && r.repeat === 3)).toMatchObject({ status: 'interrupted', bw_bytes: null });

    const second = await execaNode(CLI, ['run', t.dir], { reject: false });
    expect(second.exitCode, second.stderr).toBe(0);
    const tookOver = `note: took over ${t.dir}'s lock from pid ${child.pid} \\('sharebench run ${t.dir}'\\) since \\S+, which is gone`;
    expect(second.stderr).toMatch(new RegExp(tookOver));
    // SIGKILL leaves fio running (it runs in its own process group); the next run kills it before measuring.
    expect(orphans.length).toBeGreaterThan(0);
    expect(second.stderr).toMatch(/note: killed a process an earlier sharebench left running in this dataset: fio \(pid \d+\): fio --name=randread-libaio/);
    const rows = fromArrowIpc<RunRow>(await readTableBytes(t.dir, 'runs'));
    expect(rows).toHaveLength(6);
    expect(rows.every((r) => r.status === 'ok')).toBe(true);
    expect(await readdir(half)).toEqual(['run.json', 'stderr.txt', 'stdout.json']);
    expect(JSON.parse(await readFile(join(half, 'run.json'), 'utf8')).state).toBe('completed');
    expect(existsSync(join(t.dir, '.sharebench.lock'))).toBe(false);
  });
});

/** Pids of fio processes whose command line names `dir`. */
async function fiosNaming(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const p of (await readdir('/proc')).filter((x) => /^\d+$/.test(x))) {
    const cmd = await readFile(`/proc/${p}/cmdline`, 'utf8').catch(() => '');
    if (cmd.startsWith('fio\0') && cmd.includes(dir)) found.push(p);
  }
  return found;
}

