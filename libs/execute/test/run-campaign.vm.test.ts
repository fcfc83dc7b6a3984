import { afterEach, describe, expect, it } from 'vitest';
import { rm, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { loadCampaign, runCampaign } from '@sharebench/execute';
import { analyzeDataset } from '@sharebench/analysis';
import { runOptions, tinyHostCampaign } from '@sharebench/execute/testing';
import { cacheDir } from '@sharebench/provision/testing';

const roots: string[] = [];
afterEach(async () => {
  for (const r of roots.splice(0)) await rm(r, { recursive: true, force: true });
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
    const outcome = await runCampaign(campaign, runOptions(t.dir, t.root, { cacheDir, environmentFactory: factory }));
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
