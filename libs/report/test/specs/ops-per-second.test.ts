import { beforeAll, describe, expect, it } from 'vitest';
import { bandwidthSpec, iopsSpec, latencySpec, opsPerSecondSpec, speedupHeatmapSpec, type ReportDataset } from '@sharebench/report';
import { compileStrict, opsDataset, reportFixture, valuesOf } from '@sharebench/report/testing';

describe('specs/ops-per-second', () => {
  const fixture = reportFixture('ops');
  let ops: ReportDataset;
  beforeAll(async () => {
    ops = opsDataset(fixture.corpus.legacy);
  });

  it('compiles and parses alone and beside I/O datasets', () => {
    compileStrict(opsPerSecondSpec([ops]));
    compileStrict(opsPerSecondSpec([fixture.corpus.legacy, ops]));
    compileStrict(speedupHeatmapSpec([ops], undefined, { metric: 'ops_per_s' }));
  });

  it('draws a row per family with a cell per operation it has, each titled', () => {
    const spec = opsPerSecondSpec([ops]) as unknown as { vconcat: Array<{ hconcat: Array<{ title?: { text: string } }> }> };
    expect(spec.vconcat.map((row) => row.hconcat.map((c) => c.title?.text))).toEqual([['filecreate'], ['untar', 'walk', 'read', 'delete']]);
    const values = valuesOf(opsPerSecondSpec([ops]));
    expect(values.every((v) => v['direction'] === 'ops')).toBe(true);
    const walk = ops.summary.find((r) => r.env === 'virtiofs-none' && r.job === 'tree-walk')!;
    const datum = values.find((v) => v['series'] === 'virtiofs-none' && v['job'] === 'tree-walk')!;
    expect(datum['value']).toBeCloseTo(walk.ops_per_s_mean!, 9);
    expect(datum['mean']).toMatch(/ ops\/s$/);
    expect(datum['ci95']).toMatch(/ – /);
    expect(values.find((v) => v['series'] === 'virtiofs-none' && v['job'] === 'filecreate')!['per_op']).toMatch(/^p50 .*s, p99 .*s$/);
    // 9p's tree-read failed: no bar, a marker with the reason.
    expect(values.find((v) => v['series'] === '9p-none' && v['job'] === 'tree-read')).toMatchObject({ value: null, status: 'failed' });
  });

  it('keeps operations out of the I/O charts and I/O out of the operations\' heatmap', () => {
    const both = [fixture.corpus.legacy, ops];
    for (const spec of [bandwidthSpec(both), iopsSpec(both), latencySpec(both)]) expect(valuesOf(spec).some((v) => v['direction'] === 'ops')).toBe(false);
    const io = valuesOf(speedupHeatmapSpec(both));
    expect(io).toHaveLength(fixture.corpus.legacy.speedups.length);
    const heat = valuesOf(speedupHeatmapSpec(both, undefined, { metric: 'ops_per_s' }));
    expect(heat).toHaveLength(ops.speedups.length);
    expect(heat.find((v) => v['pair'] === 'virtiofs-none ÷ 9p-none' && v['job'] === 'tree-walk')).toMatchObject({ kind: 'fs', ratio_text: '5.00×' });
    expect(heat[0]!['candidate_stats']).toMatch(/ ops\/s \(n=3\)$/);
  });
});
