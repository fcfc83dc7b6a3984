import { describe, expect, it } from 'vitest';
import { findingRows, findings, geometricMeanRatio, type SpeedupRow } from '@sharebench/analysis';

/** A speedups row with only what findings reads filled in. */
function cell(over: Partial<SpeedupRow> & Pick<SpeedupRow, 'job' | 'workload' | 'direction'>): SpeedupRow {
  const ratio = over.ratio === undefined ? 1 : over.ratio;
  return {
    campaign: 'c',
    host_id: null,
    ioengine: 'psync',
    numjobs: 1,
    hostname: null,
    metric: 'bw_bytes',
    pair: 'fs',
    candidate: 'virtiofs-none',
    baseline: '9p-none',
    candidate_mean: ratio === null ? null : ratio * 100,
    baseline_mean: 100,
    candidate_n: 3,
    baseline_n: 3,
    ratio,
    log2_ratio: ratio === null ? null : Math.log2(ratio),
    ratio_ci95_lo: null,
    ratio_ci95_hi: null,
    log_ratio_se: null,
    ratio_df: null,
    significant: null,
    status: 'ok',
    error: null,
    ...over,
  };
}

// Four measured cells, ratios 2, 8, 4 and 0.5, and one unsupported. Expected numbers were computed
// apart from this code (Python: math.log/exp, and t(0.975, 3) = 3.182446305284263 and
// t(0.975, 1) = 12.706204736174703 from a t table): logs/ln2 = 1, 3, 2, -1, mean 1.25, so the
// geometric mean is 2^1.25 = 2.378414; sd of the logs = 1.707825 ln2; CI = exp(mean ± t3 sd / 2).
const TABLE: SpeedupRow[] = [
  cell({ job: 'seqread-psync', workload: 'seqread', direction: 'read', ratio: 2, ratio_ci95_lo: 1.5, ratio_ci95_hi: 2.6, significant: true }),
  cell({ job: 'seqread-psync-multi', workload: 'seqread', direction: 'read', numjobs: 4, ratio: 8, ratio_ci95_lo: 7, ratio_ci95_hi: 9, significant: true }),
  cell({ job: 'randrw-psync', workload: 'randrw', direction: 'read', ratio: 4, ratio_ci95_lo: 0.8, ratio_ci95_hi: 20, significant: false }),
  cell({ job: 'randrw-psync', workload: 'randrw', direction: 'write', ratio: 0.5, ratio_ci95_lo: 0.4, ratio_ci95_hi: 0.6, significant: true }),
  cell({
    job: 'seqwrite-mmap',
    workload: 'seqwrite',
    direction: 'write',
    ratio: null,
    status: 'unsupported',
    error: '9p-none has no bandwidth for seqwrite-mmap write: 3 of 3 runs not ok: mmap is not supported on 9p cache=none',
  }),
];

describe('analysis/ops/findings', () => {
  it('geometricMeanRatio: exp(mean ln r) ± t(k-1) sd/sqrt(k) on the log scale', () => {
    const g = geometricMeanRatio([2, 8, 4, 0.5]);
    expect(g.cells).toBe(4);
    expect(g.ratio).toBeCloseTo(2.378414230005442, 12);
    expect(g.ci95_lo).toBeCloseTo(0.3616006349614555, 9);
    expect(g.ci95_hi).toBeCloseTo(15.643927865600586, 8);
    expect(geometricMeanRatio([3])).toEqual({ cells: 1, ratio: 3, ci95_lo: null, ci95_hi: null });
    expect(geometricMeanRatio([])).toEqual({ cells: 0, ratio: null, ci95_lo: null, ci95_hi: null });
    expect(geometricMeanRatio([2, 2])).toMatchObject({ ratio: 2, ci95_lo: 2, ci95_hi: 2 });
  });

  it('per comparison: the geometric mean over cells with its CI, wins and losses by each cell\'s CI, what has no ratio and why', () => {
    const f = findings(TABLE);
    expect(f.metric).toBe('bw_bytes');
    expect(f.families.map((x) => x.family)).toEqual(['fs']);
    const [c] = f.families[0]!.comparisons;
    expect(f.families[0]!.pooled).toBeNull();
    expect(c).toMatchObject({ family: 'fs', candidate: 'virtiofs-none', baseline: '9p-none', hostname: null });
    expect(c!.overall).toMatchObject({ scope: 'all', cells: 4, faster: 2, slower: 1, no_difference: 1, no_ci: 0, not_measured: 1 });
    expect(c!.overall.ratio).toBeCloseTo(2.378414230005442, 12);
    expect(c!.overall.ci95_lo).toBeCloseTo(0.3616006349614555, 9);
    // The CI includes 1: no verdict either way, whatever the point estimate says.
    expect(c!.overall.verdict).toBe('no clear difference');
    expect(c!.not_measured).toEqual([
      { status: 'unsupported', env: '9p-none', reason: 'mmap is not supported on 9p cache=none', cells: ['seqwrite-mmap write'] },
    ]);
  });

  it('per workload in the seed order, a workload that moves data both ways split by direction', () => {
    const c = findings(TABLE).families[0]!.comparisons[0]!;
    expect(c.by_workload.map((s) => [s.scope, s.cells, s.verdict])).toEqual([
      ['seqread', 2, 'no clear difference'],
      ['seqwrite', 0, 'no data'],
      ['randrw · read', 1, 'no clear difference'],
      ['randrw · write', 1, 'slower'],
    ]);
    const seqread = c.by_workload[0]!;
    expect(seqread.ratio).toBeCloseTo(4, 12);
    expect(seqread.ci95_lo).toBeCloseTo(0.0005985648842619925, 12);
    expect(seqread.ci95_hi).toBeCloseTo(26730.6025139236, 5);
  });

  it('largest effects: significant cells farthest from 1 either way; the largest against the verdict when left out', () => {
    const c = findings(TABLE).families[0]!.comparisons[0]!;
    // |ln 8| > |ln 2| = |ln 0.5|; the non-significant 4 is left out.
    expect(c.largest.map((e) => [e.job, e.direction, e.ratio])).toEqual([
      ['seqread-psync-multi', 'read', 8],
      ['seqread-psync', 'read', 2],
      ['randrw-psync', 'write', 0.5],
    ]);
    expect(c.largest_against).toBeNull();
    const many = [1, 2, 3].map((i) => cell({ job: `j${i}`, workload: 'randread', direction: 'read', ratio: 10 * i, significant: true }));
    const against = findings([...TABLE, ...many]).families[0]!.comparisons[0]!;
    expect(against.largest.map((e) => e.ratio)).toEqual([30, 20, 10]);
    expect(against.largest_against).toMatchObject({ job: 'randrw-psync', direction: 'write', ratio: 0.5 });
  });

  it('families come from the pair column: known ones in a fixed order, a new value just works', () => {
    const rows = [
      cell({ job: 'a', workload: 'randread', direction: 'read', pair: 'host', candidate: '9p-none', baseline: 'host', ratio: 0.5 }),
      cell({ job: 'a', workload: 'randread', direction: 'read', pair: 'daemon', candidate: 'virtiofs-rust', baseline: 'virtiofs-c', ratio: 1.1 }),
      cell({ job: 'a', workload: 'randread', direction: 'read', pair: 'gpu', candidate: 'x', baseline: 'y', ratio: 2 }),
      cell({ job: 'a', workload: 'randread', direction: 'read', pair: 'host', candidate: 'virtiofs-none', baseline: 'host', ratio: 0.25 }),
      cell({ job: 'a', workload: 'randread', direction: 'read', ratio: 2 }),
    ];
    const f = findings(rows);
    expect(f.families.map((x) => [x.family, x.title])).toEqual([
      ['fs', 'virtio-fs vs 9p of the same cache class, and vs network filesystems'],
      ['daemon', 'the Rust virtiofsd vs the C one, same cache class'],
      ['host', 'each configuration vs the host'],
      ['gpu', 'pair = gpu'],
    ]);
    const host = f.families[2]!;
    expect(host.comparisons.map((c) => c.candidate)).toEqual(['9p-none', 'virtiofs-none']);
    // Pooled: geometric mean of 0.5 and 0.25 = 2^-1.5.
    expect(host.pooled).toMatchObject({ scope: 'all', cells: 2 });
    expect(host.pooled!.ratio).toBeCloseTo(2 ** -1.5, 12);
    expect(findings([])).toEqual({ metric: 'bw_bytes', families: [], hosts: [], across_hosts: [] });
  });

  it('findingRows: per comparison its overall row then its workloads, then the family pool', () => {
    const rows = findingRows(findings(TABLE));
    expect(rows.map((r) => r.scope)).toEqual(['all', 'seqread', 'seqwrite', 'randrw · read', 'randrw · write']);
    expect(rows[0]).toMatchObject({ family: 'fs', candidate: 'virtiofs-none', baseline: '9p-none', cells: 4, faster: 2, slower: 1, not_measured: 1 });
    expect(rows[0]!.ratio_ci95_hi).toBeCloseTo(15.643927865600586, 8);
  });
});
