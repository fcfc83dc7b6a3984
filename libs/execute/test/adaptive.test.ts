import { describe, expect, it } from 'vitest';
import { buildPlan, campaignHash, normalizeCampaign, shrinkCampaign } from '@sharebench/execute';
import { coefficientOfVariation, runDir } from '@sharebench/core';
import { AdaptiveCells } from '../src/run/adaptive.js';
import { primaryMetric } from '../src/run/primary-metric.js';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { parseFioOutput } from '@sharebench/fio';
import { fileURLToPath } from 'node:url';

const FILE = '/x/data/t/campaign.json';
const METADATA = (name: string) => readFileSync(fileURLToPath(new URL(`../../../fixtures/metadata/${name}`, import.meta.url)), 'utf8');
const FIO = (name: string) => readFileSync(fileURLToPath(new URL(`../../../fixtures/fio-3.33/${name}`, import.meta.url)), 'utf8');
const raw = (repeats: unknown) => ({
  envs: [{ name: 'host', kind: 'host' }],
  fio: { workloads: ['randread', 'randrw'], ioengines: ['psync'], numjobs: [1], size: '4M', runtime: '1s' },
  repeats,
});
const norm = (repeats: unknown) => normalizeCampaign(raw(repeats), FILE, 't');

describe('execute/campaign/normalize: repeats', () => {
  it('keeps the number form, and reads the adaptive form with its defaults', () => {
    expect(norm(5).repeats).toBe(5);
    expect(norm(undefined).repeats).toBe(3);
    expect(norm({ min: 3, max: 10, cv: 0.05 }).repeats).toEqual({ min: 3, max: 10, cv: 0.05 });
    expect(norm({ cv: 0.02 }).repeats).toEqual({ min: 3, max: 10, cv: 0.02 });
    expect(norm({ min: 12 }).repeats).toEqual({ min: 12, max: 12, cv: 0.05 });
  });

  const refused: Array<[unknown, RegExp]> = [
    [{ min: 1, max: 5, cv: 0.1 }, /campaign\.json: repeats\.min: 1 is not an integer from 2 to 1000/],
    [{ min: 5, max: 3, cv: 0.1 }, /campaign\.json: repeats\.max: 3 is less than min \(5\); max is the most runs a cell may take/],
    [{ min: 3, max: 10, cv: 0 }, /campaign\.json: repeats\.cv: 0 is not a number above 0 and below 1/],
    [{ min: 3, max: 10, cv: '5%' }, /repeats\.cv: "5%" is not a number above 0 and below 1/],
    [{ min: 3, max: 10, cv: 0.05, target: 'bw' }, /repeats\.target: unknown key; allowed keys here: min, max, cv/],
    ['3', /campaign\.json: repeats: "3" is neither a number of runs per cell nor \{"min": 3, "max": 10, "cv": 0\.05\}/],
    [0, /repeats: 0 is not an integer from 1 to 1000/],
  ];
  for (const [value, message] of refused) {
    it(`refuses repeats ${JSON.stringify(value)}`, () => expect(() => norm(value)).toThrow(message));
  }

  it('plans (and so estimates) max runs per cell, interleaved; --repeats makes it fixed; the hash ignores it', () => {
    const c = norm({ min: 3, max: 6, cv: 0.05 });
    const plan = buildPlan(c);
    expect(plan.runs).toHaveLength(2 * 6);
    expect(plan.runs.slice(0, 4).map((r) => r.id)).toEqual([
      'host/randread-psync/r1', 'host/randrw-psync/r1', 'host/randread-psync/r2', 'host/randrw-psync/r2',
    ]);
    expect(shrinkCampaign(c, { repeats: 2 }).repeats).toBe(2);
    expect(campaignHash(c)).toBe(campaignHash(norm(3)));
  });
});

describe('execute/run/adaptive', () => {
  it('computes the sample coefficient of variation (n-1)', () => {
    expect(coefficientOfVariation([10])).toBeNull();
    expect(coefficientOfVariation([0, 0])).toBeNull();
    expect(coefficientOfVariation([100, 120, 110])).toBeCloseTo(10 / 110, 12);
  });

  it('converges a cell once it has min samples under the cv; failed runs count as runs, not samples', () => {
    const cells = new AdaptiveCells({ min: 3, max: 10, cv: 0.05 });
    cells.add('host/a', 100);
    cells.add('host/a', 101);
    expect(cells.verdict('host/a')).toMatchObject({ runs: 2, samples: 2, converged: false });
    cells.add('host/a', null);
    expect(cells.verdict('host/a')).toMatchObject({ runs: 3, samples: 2, converged: false });
    cells.add('host/a', 99);
    expect(cells.verdict('host/a')).toMatchObject({ runs: 4, samples: 3, converged: true });
    expect(cells.describe('host/a')).toBe('n=4 (3 with a number), cv 1.0% < 5.0%');
    cells.add('host/b', 100);
    cells.add('host/b', 200);
    cells.add('host/b', 150);
    expect(cells.verdict('host/b')).toMatchObject({ samples: 3, converged: false });
  });

  it("takes a run's bandwidth summed over its directions as the primary metric, none for a failed job", () => {
    const rw = FIO('json-randrw-numjobs2-group.json');
    const records = parseFioOutput(rw, 'x', 'json').records;
    expect(records.map((r) => r.direction)).toEqual(['read', 'write']);
    expect(primaryMetric(rw, 'io')).toBe(records[0]!.bw_bytes! + records[1]!.bw_bytes!);
    expect(primaryMetric(FIO('json-enospc-with-preamble.out'), 'io')).toBeNull();
    expect(primaryMetric('not fio', 'io')).toBeNull();
  });

  it('reads the samples of runs found done by their job kind: ops/s for fio metadata, entries/s for tree operations', async () => {
    const c = normalizeCampaign(
      {
        envs: [{ name: 'host', kind: 'host' }],
        fio: { workloads: ['filecreate'], numjobs: [1] },
        tree: { ops: ['walk'] },
        repeats: { min: 2, max: 4, cv: 0.5 },
      },
      FILE,
      't',
    );
    const done = buildPlan(c).runs.filter((r) => r.repeat <= 2);
    expect(done.map((r) => r.id).sort()).toEqual(['host/filecreate/r1', 'host/filecreate/r2', 'host/tree-walk/r1', 'host/tree-walk/r2']);
    // Two real fio json+ outputs (the second with its ops/s changed) and two tree results, as runs write them.
    const create = JSON.parse(METADATA('jsonplus-filecreate.json'));
    const iops = [create.jobs[0].read.iops as number, 2000];
    const tree = [{ op: 'walk', entries: 1021, elapsed_ms: 100 }, { op: 'walk', entries: 1021, elapsed_ms: 125 }];
    const dataset = await mkdtemp(join(os.tmpdir(), 'sharebench-adaptive-'));
    try {
      for (const r of done) {
        const dir = join(dataset, runDir(r.env, r.job.name, r.repeat));
        await mkdir(dir, { recursive: true });
        const i = r.repeat - 1;
        const meta = { ...create, jobs: [{ ...create.jobs[0], read: { ...create.jobs[0].read, iops: iops[i] } }] };
        const stdout = JSON.stringify(r.job.kind === 'meta' ? meta : tree[i]);
        await writeFile(join(dir, 'stdout.json'), stdout);
        const manifest = { schema: 2, env: { name: r.env, kind: 'host' }, job: r.job, state: 'completed', stdout_file: 'stdout.json' };
        await writeFile(join(dir, 'run.json'), JSON.stringify(manifest));
      }
      const cells = new AdaptiveCells({ min: 2, max: 4, cv: 0.5 });
      await cells.load(dataset, done, new Map(done.map((r) => [r.id, 'completed' as const])));
      // cv of two samples, by hand: sd (n-1) over the mean.
      const cv = ([a, b]: number[]) => Math.abs(a! - b!) / Math.SQRT2 / ((a! + b!) / 2);
      expect(cells.verdict('host/filecreate')).toEqual({ runs: 2, samples: 2, cv: expect.closeTo(cv(iops), 12), converged: true });
      const perSecond = tree.map((t) => (t.entries * 1000) / t.elapsed_ms);
      expect(cells.verdict('host/tree-walk')).toEqual({ runs: 2, samples: 2, cv: expect.closeTo(cv(perSecond), 12), converged: true });
    } finally {
      await rm(dataset, { recursive: true, force: true });
    }
  });
});
