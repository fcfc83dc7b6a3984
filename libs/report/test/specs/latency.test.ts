import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latencySpec } from '@sharebench/report';
import { buildCorpus, tempDir, type Corpus } from '../helpers.js';
import { compileStrict, valuesOf } from './compile.js';

describe('specs/latency', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let corpus: Corpus;
  beforeAll(async () => {
    tmp = await tempDir('latency');
    corpus = await buildCorpus(tmp.dir);
  });
  afterAll(() => tmp.cleanup());

  it('compiles and parses for one env, two envs, ten envs, every fio fixture, and datasets combined', () => {
    for (const datasets of [[corpus.single], [corpus.legacy], [corpus.matrix], [corpus.fio], [corpus.legacy, corpus.matrix, corpus.fio]]) {
      compileStrict(latencySpec(datasets));
    }
  });

  it('plots the mean of the runs\' clat p50 and p99 in µs, matching the summary', () => {
    const values = valuesOf(latencySpec([corpus.legacy]));
    const cell = corpus.legacy.summary.find((r) => r.env === 'virtiofs' && r.job === 'randread-libaio')!;
    const datum = values.find((v) => v['series'] === 'virtiofs' && v['job'] === 'randread-libaio')!;
    expect(datum['p50']).toBeCloseTo(cell.clat_p50_ns_mean! / 1e3, 9);
    expect(datum['p99']).toBeCloseTo(cell.clat_p99_ns_mean! / 1e3, 9);
    expect(String(datum['p50_samples']).split(',')).toHaveLength(3);
  });

  it('draws the jobs-at-once axis only when job counts differ', () => {
    type Layers = { spec: { layer: Array<{ encoding: { y: { axis: unknown } } }> } };
    expect((latencySpec([corpus.legacy]) as unknown as Layers).spec.layer[0]!.encoding.y.axis).toEqual({ title: null });
    const { runs, summary } = corpus.legacy;
    const singleJob = { ...corpus.legacy, runs: runs.filter((r) => r.numjobs === 1), summary: summary.filter((r) => r.numjobs === 1) };
    const spec = latencySpec([singleJob]);
    compileStrict(spec);
    expect((spec as unknown as Layers).spec.layer.map((l) => l.encoding.y.axis)).toEqual([null, null]);
  });

  it('leaves out cells without an ok run', () => {
    const values = valuesOf(latencySpec([corpus.fio]));
    expect(values.some((v) => v['series'] === 'json-enospc-with-preamble')).toBe(false);
    expect(values.length).toBeGreaterThan(0);
  });
});
