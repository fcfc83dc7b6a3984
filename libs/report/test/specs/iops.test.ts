import { describe, expect, it } from 'vitest';
import { iopsSpec } from '@sharebench/report';
import { compileStrict, reportFixture, valuesOf } from '@sharebench/report/testing';

describe('specs/iops', () => {
  const fixture = reportFixture('iops');

  it('compiles and parses for one env, two envs, ten envs, every fio fixture, and datasets combined', () => {
    const { single, legacy, matrix, fio } = fixture.corpus;
    for (const datasets of [[single], [legacy], [matrix], [fio], [legacy, matrix, fio]]) {
      compileStrict(iopsSpec(datasets));
    }
  });

  it('plots the summary IOPS mean in IO/s, with its spread in the tooltip fields', () => {
    const values = valuesOf(iopsSpec([fixture.corpus.legacy]));
    const cell = fixture.corpus.legacy.summary.find((r) => r.env === 'sshfs' && r.job === 'randrw-psync' && r.direction === 'write')!;
    const datum = values.find((v) => v['series'] === 'sshfs' && v['job'] === 'randrw-psync' && v['direction'] === 'write')!;
    expect(datum['value']).toBeCloseTo(cell.iops_mean!, 9);
    expect(datum['mean']).toMatch(/ IO\/s$/);
    expect(datum['sd']).toMatch(/ IO\/s$/);
    expect(datum['ci95']).toMatch(/ – /);
  });
});
