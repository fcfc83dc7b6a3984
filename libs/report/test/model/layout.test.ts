import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLayout } from '@sharebench/report';
import { importDataset, LEGACY, tempDir } from '@sharebench/report/testing';
import type { ReportDataset } from '@sharebench/report';

describe('model/layout', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let legacy: ReportDataset;
  let single: ReportDataset;
  beforeAll(async () => {
    tmp = await tempDir('layout');
    legacy = await importDataset(tmp.dir, 'legacy', [LEGACY.sshfs, LEGACY.virtiofs]);
    single = await importDataset(tmp.dir, 'single', [LEGACY.virtiofs]);
  });
  afterAll(() => tmp.cleanup());

  it('orders configurations as given: datasets in order, then each context.envs order', () => {
    expect(buildLayout([legacy]).series.list.map((s) => s.label)).toEqual(['sshfs', 'virtiofs']);
    expect(buildLayout([single, legacy]).series.list.map((s) => [s.dataset, s.env])).toEqual([
      ['single', 'virtiofs'],
      ['legacy', 'sshfs'],
      ['legacy', 'virtiofs'],
    ]);
  });

  it('prefixes an env name that two datasets share with its dataset, and only then', () => {
    expect(buildLayout([single, legacy]).series.list.map((s) => s.label)).toEqual(['single/virtiofs', 'sshfs', 'legacy/virtiofs']);
  });

  it('orders workloads and ioengines as the seed did, and splits randrw by direction', () => {
    const layout = buildLayout([legacy]);
    expect(layout.workloads).toEqual(['seqread', 'randread', 'seqwrite', 'randwrite', 'randrw']);
    expect(layout.engines).toEqual(['psync', 'mmap', 'libaio']);
    expect(layout.panels.map((p) => p.label)).toEqual(['seqread', 'randread', 'seqwrite', 'randwrite', 'randrw · read', 'randrw · write']);
    expect(layout.variants).toEqual(['1 job', '4 jobs']);
  });
});
