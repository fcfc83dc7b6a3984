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
    family: 'fs',
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
    reason: null,
    reason_env: null,
    below_resolution: false,
    error: null,
    ...over,
  };
}

// Cells (ratio, se of ln ratio, Welch df) and their CIs exp(ln r ± t(0.975, df) se), computed with
// scipy (stats.t.isf) apart from this code; the expected pooled numbers below come from the same
// script: statsmodels 0.13.5 combine_effects (DerSimonian-Laird, HKSJ scale) and multipletests
// (fdr_bh), and the fixed effect with its Satterthwaite df written out in numpy.
const measured = (job: string, workload: string, direction: string, ratio: number, se: number, df: number, ci: [number, number]) =>
  cell({ job, workload, direction, ratio, log_ratio_se: se, ratio_df: df, ratio_ci95_lo: ci[0], ratio_ci95_hi: ci[1], significant: ci[0] > 1 || ci[1] < 1 });
const TABLE: SpeedupRow[] = [
  measured('randread-psync', 'randread', 'read', 2.0, 0.1, 4, [1.5151321608486148, 2.6400337233681506]),
  measured('seqread-psync', 'seqread', 'read', 1.5, 0.2, 4, [0.8608595493141722, 2.613666772695413]),
  measured('seqread-libaio', 'seqread', 'read', 1.6, 0.25, 4, [0.7992290950811821, 3.2030865940134063]),
  measured('seqread-mmap', 'seqread', 'read', 1.55, 0.15, 6, [1.073815457039248, 2.23734905681488]),
  measured('seqwrite-psync', 'seqwrite', 'write', 0.5, 0.05, 4, [0.43519136033023087, 0.5744599336951349]),
  measured('seqwrite-libaio', 'seqwrite', 'write', 2.5, 0.1, 4, [1.8939152010607685, 3.300042154210188]),
  measured('randwrite-libaio', 'randwrite', 'write', 1.3, 0.1, 6, [1.017830172533549, 1.6603948729416307]),
  measured('randwrite-posixaio', 'randwrite', 'write', 1.28, 0.12, 6, [0.9543074890278984, 1.716847052797364]),
  cell({ job: 'randwrite-psync', workload: 'randwrite', direction: 'write', ratio: 1.05, reason: 'one_sample', reason_env: '9p-none' }),
  cell({
    job: 'randwrite-mmap',
    workload: 'randwrite',
    direction: 'write',
    ratio: null,
    status: 'unsupported',
    reason: 'unsupported',
    reason_env: '9p-none',
    error: '3 of 3 runs not ok: mmap is not supported on 9p cache=none',
  }),
  measured('randrw-psync', 'randrw', 'read', 1.2, 0.15, 4, [0.7912469113917489, 1.8199123172147857]),
  measured('randrw-libaio', 'randrw', 'read', 3.0, 0.1, 4, [2.272698241272922, 3.960050585052226]),
  measured('randrw-mmap', 'randrw', 'read', 0.9, 0.12, 4, [0.6449813171391836, 1.2558503300417403]),
  cell({ job: 'randrw-psync', workload: 'randrw', direction: 'write', ratio: 1.1, log_ratio_se: 0, reason: 'below_resolution', below_resolution: true }),
];
const DL = { tau2_estimator: 'dl' } as const;

describe('analysis/ops/findings', () => {
  const c = findings(TABLE, DL).families[0]!.comparisons[0]!;
  const scope = (name: string) => c.by_workload.find((s) => s.scope === name)!;

  it('one cell: the cell with its own CI', () => {
    const s = scope('randread');
    expect(s).toMatchObject({ method: 'single_cell', k: 1, ratio: 2, verdict: 'faster', tau: null, pi95_lo: null, disagree: false });
    expect(s.ci95_lo).toBeCloseTo(1.5151321608486148, 12);
    expect(s.ci95_hi).toBeCloseTo(2.6400337233681506, 12);
  });

  it('two cells that agree: the fixed effect, t with the Satterthwaite df, labelled; never wider than a cell', () => {
    const s = scope('randwrite');
    expect(s).toMatchObject({ method: 'fixed_effect', k: 2, cells: 3, verdict: 'faster', disagree: false, tau: null, pi95_lo: null });
    expect(s.ratio).toBeCloseTo(1.2917657613482734, 12);
    expect(s.ci95_lo).toBeCloseTo(1.0920136573534238, 9);
    expect(s.ci95_hi).toBeCloseTo(1.528056696869344, 9);
    expect(s.q_p).toBeCloseTo(0.9209355022356608, 9);
    expect(s).toMatchObject({ no_ci: 1, not_measured: 1 });
  });

  it('two cells that disagree (Q p < 0.05): no pooled CI, both cells shown, mixed unless their own verdicts agree', () => {
    const s = scope('seqwrite');
    expect(s).toMatchObject({ method: 'fixed_effect', disagree: true, ci95_lo: null, ci95_hi: null, verdict: 'mixed' });
    expect(s.q_p).toBeCloseTo(5.542386094711699e-47, 55);
    expect(s.shown_cells.map((e) => [e.job, e.verdict])).toEqual([['seqwrite-psync', 'slower'], ['seqwrite-libaio', 'faster']]);
  });

  it('three cells whose spread is estimated at 0: the fixed effect\'s CI stands, not HKSJ\'s t(2)', () => {
    const s = scope('seqread');
    expect(s).toMatchObject({ method: 'random_effects', k: 3, tau2: 0, tau_zero: true, disagree: false, verdict: 'faster', pi95_lo: null });
    expect(s.ratio).toBeCloseTo(1.5443547251004721, 12);
    expect(s.ci95_lo).toBeCloseTo(1.223118262969825, 9);
    expect(s.ci95_hi).toBeCloseTo(1.9499598600948982, 9);
    // Narrower than its widest cell's (seqread-libaio, 0.80-3.20).
    expect(Math.log(s.ci95_hi! / s.ci95_lo!)).toBeLessThan(Math.log(3.2030865940134063 / 0.7992290950811821));
  });

  it('three cells that disagree so that the pooled CI (0.26-8.4, HKSJ t(2)) would be wider than every cell\'s: the cells, not that interval', () => {
    const s = scope('randrw · read');
    expect(s).toMatchObject({ method: 'random_effects', k: 3, disagree: true, ci95_lo: null, ci95_hi: null, pi95_lo: null, verdict: 'mixed' });
    expect(s.ratio).toBeCloseTo(1.4846360406316947, 9);
    expect(s.tau2).toBeCloseTo(0.4706457746237512, 9);
    expect(s.q_p).toBeCloseTo(5.403201496673392e-15, 22);
    expect(s.shown_cells.map((e) => [e.job, e.verdict])).toEqual([
      ['randrw-psync', 'no difference'],
      ['randrw-libaio', 'faster'],
      ['randrw-mmap', 'no difference'],
    ]);
  });

  it('all cells: random effects with tau, the HKSJ CI and the prediction interval of a new cell; mixed, as cells go both ways', () => {
    const s = c.overall;
    // The CI includes 1 while seqwrite-psync is surely slower and three cells surely faster.
    expect(s).toMatchObject({ method: 'random_effects', k: 11, cells: 13, disagree: false, verdict: 'mixed', more_data: null });
    expect(s.ratio).toBeCloseTo(1.424701523122062, 9);
    expect(s.tau2).toBeCloseTo(0.5289501894512272, 9);
    expect(s.ci95_lo).toBeCloseTo(0.8662993036121515, 9);
    expect(s.ci95_hi).toBeCloseTo(2.3430405883081122, 9);
    expect(s.pi95_lo).toBeCloseTo(0.2548539154879098, 9);
    expect(s.pi95_hi).toBeCloseTo(7.964462410163031, 8);
  });

  it('per-cell verdicts: Benjamini-Hochberg across the comparison\'s 11 tests; untested cells apart', () => {
    expect(c.fdr).toEqual({ alpha: 0.05, m: 11 });
    // multipletests(fdr_bh) rejects randread-psync, seqwrite-psync, seqwrite-libaio, randrw-libaio; seqread-mmap (p 0.027) is not.
    expect(c.overall).toMatchObject({ faster: 3, slower: 1, no_difference: 7, no_ci: 2, not_measured: 1 });
    const seqread = scope('seqread');
    expect(seqread).toMatchObject({ faster: 0, no_difference: 3 });
    // |ln 3| > |ln 2.5| > |ln 2| = |ln 0.5| (ties keep the table's order); the slower one is the largest the other way.
    expect(c.largest.map((e) => [e.job, e.direction, e.verdict])).toEqual([
      ['randrw-libaio', 'read', 'faster'],
      ['seqwrite-libaio', 'write', 'faster'],
      ['randread-psync', 'read', 'faster'],
    ]);
    expect(c.largest[0]!.q_value).toBeCloseTo(0.002145460166767739, 12);
    expect(c.largest_against).toMatchObject({ job: 'seqwrite-psync', verdict: 'slower' });
    expect(c.largest_against!.q_value).toBeCloseTo(0.0017266523112509176, 12);
  });

  it('cells without a ratio or without a CI, grouped by reason code and side, never by their words', () => {
    expect(c.not_measured).toEqual([
      {
        status: 'unsupported',
        reason: 'unsupported',
        env: '9p-none',
        detail: '3 of 3 runs not ok: mmap is not supported on 9p cache=none',
        cells: ['randwrite-mmap write'],
      },
    ]);
    expect(c.not_pooled).toEqual([
      { status: 'ok', reason: 'one_sample', env: '9p-none', detail: null, cells: ['randwrite-psync write'] },
      { status: 'ok', reason: 'below_resolution', env: null, detail: null, cells: ['randrw-psync write'] },
    ]);
    expect(c.by_workload.map((s) => s.scope)).toEqual(['seqread', 'randread', 'seqwrite', 'randwrite', 'randrw · read', 'randrw · write']);
    expect(scope('randrw · write')).toMatchObject({ method: 'no_cells', k: 0, cells: 1, verdict: 'no CI', ratio: 1.1 });
  });

  it('too wide to tell: the repeats per cell that would tell the observed ratio from 1', () => {
    // One cell, ratio 1.3, se 0.2 with 4 df: t(4) 0.2 / ln 1.3 = 2.1165, squared 4.48 times the 3 repeats: 14.
    const one = findings([measured('randread-psync', 'randread', 'read', 1.3, 0.2, 4, [0.7457, 2.2662])]).families[0]!.comparisons[0]!.overall;
    expect(one).toMatchObject({ verdict: 'too wide to tell', more_data: { repeats_per_cell: 14, repeats_now: 3, limit: null } });
    const near = findings([measured('randread-psync', 'randread', 'read', 1.01, 0.02, 4, [0.9555, 1.0676])]).families[0]!.comparisons[0]!.overall;
    expect(near).toMatchObject({ verdict: 'no clear difference', more_data: null });
  });

  it('a workload of one cell takes its FDR-controlled verdict: its own CI excluding 1 is not "slower" when BH does not reject', () => {
    // ln 0.6 / 0.15 = -3.405 with 4 df: p 0.027, below 0.05 alone, above BH's 0.05 / 3 for the smallest of three p-values.
    const ci = (r: number, se: number): [number, number] => [r * Math.exp(-2.7764451051977987 * se), r * Math.exp(2.7764451051977987 * se)];
    const c = findings([
      measured('randread-psync', 'randread', 'read', 0.6, 0.15, 4, ci(0.6, 0.15)),
      measured('seqread-psync', 'seqread', 'read', 1.0, 0.2, 4, ci(1.0, 0.2)),
      measured('seqwrite-psync', 'seqwrite', 'write', 1.0, 0.2, 4, ci(1.0, 0.2)),
    ]).families[0]!.comparisons[0]!;
    const randread = c.by_workload.find((s) => s.scope === 'randread')!;
    expect(randread.ci95_hi!).toBeLessThan(1);
    expect(randread).toMatchObject({ method: 'single_cell', slower: 0, no_difference: 1, verdict: 'not significant after FDR' });
    // Alone it is a rejection: the same cell with no neighbours is slower.
    const alone = findings([measured('randread-psync', 'randread', 'read', 0.6, 0.15, 4, ci(0.6, 0.15))]).families[0]!.comparisons[0]!.overall;
    expect(alone).toMatchObject({ slower: 1, verdict: 'slower' });
  });

  it('families per comparison family and metric, known ones first; bandwidth then operations per second, labelled with units', () => {
    const rows = [
      cell({ job: 'a', workload: 'randread', direction: 'read', family: 'host', candidate: '9p-none', baseline: 'host', ratio: 0.5 }),
      cell({ job: 'tree-walk', workload: 'walk', direction: 'ops', metric: 'ops_per_s', ratio: 3 }),
      cell({ job: 'a', workload: 'randread', direction: 'read', family: 'gpu', candidate: 'x', baseline: 'y', ratio: 2 }),
      cell({ job: 'a', workload: 'randread', direction: 'read', family: 'host', candidate: 'virtiofs-none', baseline: 'host', ratio: 0.25 }),
      cell({ job: 'a', workload: 'randread', direction: 'read', ratio: 2 }),
    ];
    const f = findings(rows);
    expect(f.families.map((x) => [x.family, x.metric, x.metric_name, x.unit])).toEqual([
      ['fs', 'bw_bytes', 'bandwidth', 'bytes/s'],
      ['fs', 'ops_per_s', 'operations per second', 'ops/s'],
      ['host', 'bw_bytes', 'bandwidth', 'bytes/s'],
      ['gpu', 'bw_bytes', 'bandwidth', 'bytes/s'],
    ]);
    expect(f.families[1]!.comparisons[0]!.by_workload.map((s) => s.scope)).toEqual(['tree-walk']);
    expect(f.families[3]!.title).toBe('family gpu');
    // No cell has a standard error: the plain geometric mean, no CI.
    expect(f.families[2]!.pooled).toMatchObject({ scope: 'all', cells: 2, method: 'no_cells', verdict: 'no CI' });
    expect(f.families[2]!.pooled!.ratio).toBeCloseTo(2 ** -1.5, 12);
    expect(findings([])).toEqual({ alpha: 0.05, families: [], hosts: [], across_hosts: [] });
  });

  it('findingRows: per comparison its all-workloads row then its workloads, with the columns the CSV promises', () => {
    const rows = findingRows(findings(TABLE, DL));
    expect(rows.map((r) => r.workload)).toEqual(['all workloads', 'seqread', 'randread', 'seqwrite', 'randwrite', 'randrw · read', 'randrw · write']);
    expect(rows[0]).toMatchObject({ family: 'fs', comparison: 'virtiofs-none ÷ 9p-none', metric: 'bw_bytes', unit: 'bytes/s' });
    expect(rows[0]).toMatchObject({ method: 'random_effects', k: 11 });
    expect(rows[0]!.pi95_hi).toBeCloseTo(7.964462410163031, 8);
    expect(rows[0]!.tau2).toBeCloseTo(0.5289501894512272, 9);
    expect(rows[3]).toMatchObject({ workload: 'seqwrite', verdict: 'mixed', cells_disagree: true, ci95_lo: null });
    expect(rows[5]).toMatchObject({ workload: 'randrw · read', verdict: 'mixed', cells_disagree: true, ci95_lo: null, pi95_lo: null });
  });

  it('geometricMeanRatio (kept for callers): exp(mean ln r) ± t(k-1) sd/sqrt(k) on the log scale', () => {
    const g = geometricMeanRatio([2, 8, 4, 0.5]);
    expect(g.ratio).toBeCloseTo(2.378414230005442, 12);
    expect(g.ci95_lo).toBeCloseTo(0.3616006349614555, 9);
  });
});
