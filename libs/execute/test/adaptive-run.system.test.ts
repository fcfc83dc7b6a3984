import { afterEach, describe, expect, it } from 'vitest';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadCampaign, runCampaign, silentProgress, type ProgressEvents } from '@sharebench/execute';
import { analyzeDataset } from '@sharebench/analysis';
import { tinyHostCampaign } from './helpers.js';

const tool = { version: 'test', git_commit: null };
const roots: string[] = [];
afterEach(async () => {
  for (const r of roots.splice(0)) await rm(r, { recursive: true, force: true });
});

const opts = (dir: string, root: string, progress: ProgressEvents = silentProgress) => ({
  dataset: dir,
  selection: {},
  signal: new AbortController().signal,
  progress,
  tool,
  cacheDir: join(root, 'cache'),
});

describe('execute: adaptive repeats (real fio)', () => {
  it('stops a converged cell at min runs: the rest recorded as not needed, no row for them, n recorded', async () => {
    // A cv no real run misses: every cell converges as soon as it has its 2 runs.
    const t = await tinyHostCampaign('adaptive', { repeats: { min: 2, max: 5, cv: 0.99 } });
    roots.push(t.root);
    const notes: string[] = [];
    const outcome = await runCampaign(await loadCampaign(t.dir), opts(t.dir, t.root, { ...silentProgress, note: (n) => notes.push(n) }));
    expect(outcome).toMatchObject({ executed: 4, notNeeded: 6, interrupted: false });
    expect(outcome.plan.runs).toHaveLength(10);
    expect(notes).toEqual([
      expect.stringMatching(/^host\/randread-psync converged \(n=2, cv \d+\.\d% < 99\.0%\): 3 more planned run\(s\) not needed$/),
      expect.stringMatching(/^host\/randrw-psync converged \(n=2, cv \d+\.\d% < 99\.0%\): 3 more planned run\(s\) not needed$/),
    ]);
    const r5 = JSON.parse(await readFile(join(t.dir, 'raw/runs/host/randrw-psync/r5/run.json'), 'utf8'));
    expect(r5).toMatchObject({ state: 'skipped', stdout_file: null, reason: expect.stringMatching(/^not needed: host\/randrw-psync converged \(n=2, cv .*; adaptive repeats 2 to 5\)$/) });
    const { runs, summary } = await analyzeDataset(t.dir);
    // Every row is a run that ran: none interrupted, none for a run not needed.
    expect(runs.map((r) => `${r.job}/${r.repeat}/${r.direction}/${r.status}`)).toEqual([
      'randread-psync/1/read/ok', 'randrw-psync/1/read/ok', 'randrw-psync/1/write/ok',
      'randread-psync/2/read/ok', 'randrw-psync/2/read/ok', 'randrw-psync/2/write/ok',
    ]);
    for (const s of summary) expect(s).toMatchObject({ n: 2, n_ok: 2, status: 'ok', error: null });
    // Resume: nothing to do, nothing rewritten.
    const context = await readFile(join(t.dir, 'context.json'), 'utf8');
    expect(await runCampaign(await loadCampaign(t.dir), opts(t.dir, t.root))).toMatchObject({ executed: 0, alreadyDone: 10, notNeeded: 6 });
    expect(await readFile(join(t.dir, 'context.json'), 'utf8')).toBe(context);
  });

  it('runs a cell to max when it does not converge, and runs skipped ones after all when the rule gets stricter', async () => {
    const t = await tinyHostCampaign('adaptive-max', {
      repeats: { min: 2, max: 3, cv: 0.99 },
      fio: { workloads: ['randread'], ioengines: ['psync'], numjobs: [1], size: '1M', runtime: '300ms', direct: false },
    });
    roots.push(t.root);
    expect(await runCampaign(await loadCampaign(t.dir), opts(t.dir, t.root))).toMatchObject({ executed: 2, notNeeded: 1 });
    // A cv no real run meets: the run not needed before is needed now, and the cell goes to max.
    const campaign = JSON.parse(await readFile(t.file, 'utf8'));
    await writeFile(t.file, JSON.stringify({ ...campaign, repeats: { min: 2, max: 3, cv: 0.000001 } }));
    expect(await runCampaign(await loadCampaign(t.dir), opts(t.dir, t.root))).toMatchObject({ executed: 1, notNeeded: 0 });
    const { summary } = await analyzeDataset(t.dir);
    expect(summary[0]).toMatchObject({ n: 3, n_ok: 3 });
    expect(summary[0]!.bw_bytes_samples).toHaveLength(3);
  });
});
