import { describe, expect, it } from 'vitest';
import { speedupHeatmapSpec } from '@sharebench/report';
import { compileStrict, reportFixture, valuesOf } from '@sharebench/report/testing';

describe('specs/speedup-heatmap', () => {
  const fixture = reportFixture('speedups');

  it('compiles and parses for the ten-env matrix and for datasets combined', () => {
    expect(fixture.corpus.matrix.speedups.length).toBeGreaterThan(0);
    compileStrict(speedupHeatmapSpec([fixture.corpus.matrix]));
    compileStrict(speedupHeatmapSpec([fixture.corpus.legacy, fixture.corpus.matrix]));
  });

  it('one family: only its pairs, and its name in the title', () => {
    const families = [...new Set(fixture.corpus.matrix.speedups.map((s) => s.family))];
    expect(families).toEqual(expect.arrayContaining(['fs', 'host']));
    for (const family of families) {
      const spec = speedupHeatmapSpec([fixture.corpus.matrix], undefined, { family });
      compileStrict(spec);
      expect(valuesOf(spec).map((v) => v['kind'])).toEqual(fixture.corpus.matrix.speedups.filter((s) => s.family === family).map(() => family));
    }
    const host = speedupHeatmapSpec([fixture.corpus.matrix], undefined, { family: 'host' }) as unknown as { title: { text: string } };
    expect(host.title.text).toBe('Bandwidth ratio, candidate ÷ baseline: each configuration vs the host');
  });

  it('colours by log2 ratio on a diverging scale centred at 0 with a symmetric domain', () => {
    const spec = speedupHeatmapSpec([fixture.corpus.matrix]) as unknown as {
      layer: Array<{ encoding?: { color?: { field?: string; scale?: { domain: number[]; domainMid: number; scheme: string } } } }>;
    };
    const color = spec.layer[0]!.encoding!.color!;
    expect(color.field).toBe('log2_ratio');
    expect(color.scale!.domainMid).toBe(0);
    expect(color.scale!.domain[0]).toBe(-color.scale!.domain[1]!);
    expect(color.scale!.scheme).toBe('redblue');
  });

  it('one cell per speedup row; significance and missing ratios are marked, with the reason', () => {
    const values = valuesOf(speedupHeatmapSpec([fixture.corpus.matrix]));
    expect(values).toHaveLength(fixture.corpus.matrix.speedups.length);
    for (const [i, s] of fixture.corpus.matrix.speedups.entries()) {
      const v = values[i]!;
      expect(v['log2_ratio']).toBe(s.log2_ratio);
      if (s.ratio === null) {
        expect(v['label']).toBe('n/a');
        expect(v['error']).toBe(s.error);
      } else if (s.significant === true) {
        expect(v['label']).not.toMatch(/^\(/);
      } else {
        expect(v['label']).toMatch(/^\(.*\)$/);
      }
    }
  });

  it('shows a pair without a ratio as such', () => {
    const withoutRatio = {
      ...fixture.corpus.matrix,
      speedups: fixture.corpus.matrix.speedups.map((s, i) =>
        i === 0
          ? {
              ...s,
              ratio: null,
              log2_ratio: null,
              ratio_ci95_lo: null,
              ratio_ci95_hi: null,
              significant: null,
              status: 'unsupported',
              error: 'virtiofs-none has no bandwidth for seqread-psync read: unsupported',
            }
          : s,
      ),
    };
    const spec = speedupHeatmapSpec([withoutRatio]);
    compileStrict(spec);
    const v = valuesOf(spec)[0]!;
    expect(v['label']).toBe('n/a');
    expect(v['error']).toMatch(/no bandwidth/);
  });
});
