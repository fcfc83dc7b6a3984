import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iopsSpec } from '@sharebench/report';
import { buildCorpus, tempDir, type Corpus } from '../helpers.js';
import { compileStrict, valuesOf } from './compile.js';

describe('specs/iops', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let corpus: Corpus;
  beforeAll(async () => {
    tmp = await tempDir('iops');
    corpus = await buildCorpus(tmp.dir);
  });
  afterAll(() => tmp.cleanup());

  it('compiles and parses for one env, two envs, ten envs, every fio fixture, and datasets combined', () => {
    for (const datasets of [[corpus.single], [corpus.legacy], [corpus.matrix], [corpus.fio], [corpus.legacy, corpus.matrix, corpus.fio]]) {
      compileStrict(iopsSpec(datasets));
    }
  });

  it('plots the summary IOPS mean in IO/s, with its spread in the tooltip fields', () => {
    const values = valuesOf(iopsSpec([corpus.legacy]));
    const cell = corpus.legacy.summary.find((r) => r.env === 'sshfs' && r.job === 'randrw-psync' && r.direction === 'write')!;
    const datum = values.find((v) => v['series'] === 'sshfs' && v['job'] === 'randrw-psync' && v['direction'] === 'write')!;
    expect(datum['value']).toBeCloseTo(cell.iops_mean!, 9);
    expect(datum['mean']).toMatch(/ IO\/s$/);
    expect(datum['sd']).toMatch(/ IO\/s$/);
    expect(datum['ci95']).toMatch(/ – /);
  });
});
