import { describe, expect, it } from 'vitest';
import { latencySpec } from '@sharebench/report';
import { compileStrict, reportFixture, valuesOf } from '@sharebench/report/testing';

describe('specs/latency', () => {
  const fixture = reportFixture('latency');

  it('compiles and parses for one env, two envs, ten envs, every fio fixture, and datasets combined', () => {
    const { single, legacy, matrix, fio } = fixture.corpus;
    for (const datasets of [[single], [legacy], [matrix], [fio], [legacy, matrix, fio]]) {
      compileStrict(latencySpec(datasets));
    }
  });

  it('plots the mean of the runs\' clat p50 and p99 in µs, matching the summary', () => {
    const values = valuesOf(latencySpec([fixture.corpus.legacy]));
    const cell = fixture.corpus.legacy.summary.find((r) => r.env === 'virtiofs' && r.job === 'randread-libaio')!;
    const datum = values.find((v) => v['series'] === 'virtiofs' && v['job'] === 'randread-libaio')!;
    expect(datum['p50']).toBeCloseTo(cell.clat_p50_ns_mean! / 1e3, 9);
    expect(datum['p99']).toBeCloseTo(cell.clat_p99_ns_mean! / 1e3, 9);
    expect(String(datum['p50_samples']).split(',')).toHaveLength(3);
  });

  it('draws the jobs-at-once axis only when job counts differ', () => {
    type Layers = { spec: { layer: Array<{ encoding: { y: { axis: unknown } } }> } };
    expect((latencySpec([fixture.corpus.legacy]) as unknown as Layers).spec.layer[0]!.encoding.y.axis).toEqual({ title: null });
    const { runs, summary } = fixture.corpus.legacy;
    const singleJob = { ...fixture.corpus.legacy, runs: runs.filter((r) => r.numjobs === 1), summary: summary.filter((r) => r.numjobs === 1) };
    const spec = latencySpec([singleJob]);
    compileStrict(spec);
    expect((spec as unknown as Layers).spec.layer.map((l) => l.encoding.y.axis)).toEqual([null, null]);
  });

  it('leaves out cells without an ok run', () => {
    const values = valuesOf(latencySpec([fixture.corpus.fio]));
    expect(values.some((v) => v['series'] === 'json-enospc-with-preamble')).toBe(false);
    expect(values.length).toBeGreaterThan(0);
  });
});
