import { describe, expect, it } from 'vitest';
import { bandwidthSpec } from '@sharebench/report';
import { compileStrict, MATRIX_ENVS, reportFixture, valuesOf } from '@sharebench/report/testing';

describe('specs/bandwidth', () => {
  const fixture = reportFixture('bandwidth');

  it('compiles and parses for one env, two envs, ten envs, every fio fixture, and datasets combined', () => {
    const { single, legacy, matrix, fio } = fixture.corpus;
    for (const datasets of [[single], [legacy], [matrix], [fio], [legacy, matrix, fio]]) {
      compileStrict(bandwidthSpec(datasets));
    }
  });

  it('draws one bar per summary cell, in MiB/s, with the 95% CI as error bar', () => {
    const spec = bandwidthSpec([fixture.corpus.legacy]);
    const values = valuesOf(spec);
    expect(values).toHaveLength(fixture.corpus.legacy.summary.length);
    const cell = fixture.corpus.legacy.summary.find((r) => r.env === 'virtiofs' && r.job === 'seqread-psync')!;
    const datum = values.find((v) => v['series'] === 'virtiofs' && v['job'] === 'seqread-psync')!;
    expect(datum['value']).toBeCloseTo(cell.bw_bytes_mean! / 2 ** 20, 9);
    expect(datum['lo']).toBeCloseTo(cell.bw_bytes_ci95_lo! / 2 ** 20, 9);
    expect(datum['hi']).toBeCloseTo(cell.bw_bytes_ci95_hi! / 2 ** 20, 9);
    expect(datum['error_bar']).toBe('95% CI');
    expect(datum['runs']).toBe('3 of 3');
    expect(String(datum['samples']).split(',')).toHaveLength(3);
  });

  it('draws a confidence interval that reaches below 0 down to 0 only', () => {
    // Three repeats far apart (as under TCG) put mean - t*sem below 0: widen one real cell so.
    const cell = { ...fixture.corpus.legacy.summary.find((r) => r.env === 'sshfs' && r.job === 'seqwrite-libaio-multi')! };
    cell.bw_bytes_ci95_lo = -cell.bw_bytes_mean!;
    const dataset = { ...fixture.corpus.legacy, summary: fixture.corpus.legacy.summary.map((r) => (r.env === cell.env && r.job === cell.job ? cell : r)) };
    const values = valuesOf(bandwidthSpec([dataset]));
    const datum = values.find((v) => v['series'] === cell!.env && v['job'] === cell!.job && v['direction'] === cell!.direction)!;
    expect(datum['lo']).toBe(0);
    expect(String(datum['ci95'])).toMatch(/^-/);
    expect(values.every((v) => v['lo'] === null || (v['lo'] as number) >= 0)).toBe(true);
  });

  it('splits randrw into read and write panels and puts single- and multi-job side by side', () => {
    const values = valuesOf(bandwidthSpec([fixture.corpus.legacy]));
    expect(new Set(values.filter((v) => v['job'] === 'randrw-libaio-multi').map((v) => v['panel']))).toEqual(new Set(['randrw · read', 'randrw · write']));
    expect(new Set(values.map((v) => v['variant']))).toEqual(new Set(['1 job', '4 jobs']));
  });

  it('draws the jobs-at-once axis only when job counts differ: no "1 job" under every panel', () => {
    type Cells = { vconcat: Array<{ hconcat: Array<{ layer?: Array<{ encoding: { x: { axis: unknown } } }> }> }> };
    const axes = (spec: unknown) => (spec as Cells).vconcat.flatMap((r) => r.hconcat.flatMap((c) => (c.layer ?? []).map((l) => l.encoding.x.axis)));
    const both = axes(bandwidthSpec([fixture.corpus.legacy]));
    expect(both.length).toBeGreaterThan(0);
    for (const a of both) expect(a).toEqual({ title: null, labelAngle: 0 });
    const { runs, summary } = fixture.corpus.legacy;
    const singleJob = { ...fixture.corpus.legacy, runs: runs.filter((r) => r.numjobs === 1), summary: summary.filter((r) => r.numjobs === 1) };
    const spec = bandwidthSpec([singleJob]);
    compileStrict(spec);
    expect(axes(spec).length).toBeGreaterThan(0);
    expect(axes(spec).every((a) => a === null)).toBe(true);
  });

  it('keeps the given env order for colours and bar offsets', () => {
    const spec = bandwidthSpec([fixture.corpus.matrix]) as unknown as {
      vconcat: Array<{ hconcat: Array<{ layer: Array<{ encoding: { color: { scale: { domain: string[] } } } }> }> }>;
    };
    expect(spec.vconcat[0]!.hconcat[0]!.layer[0]!.encoding.color.scale.domain).toEqual([...MATRIX_ENVS]);
  });

  it('gives a failed cell no value (never 0) and keeps its reason, with min-max when fewer than 2 repeats', () => {
    const values = valuesOf(bandwidthSpec([fixture.corpus.fio]));
    const failed = values.find((v) => v['status'] === 'failed')!;
    expect(failed['value']).toBeNull();
    expect(failed['lo']).toBeNull();
    expect(String(failed['error'])).toMatch(/ENOSPC/);
    const single = values.find((v) => v['status'] === 'ok')!;
    expect(single['error_bar']).toBe('min–max (n < 2)');
  });
});
