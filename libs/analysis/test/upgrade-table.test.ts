import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableFromIPC } from 'apache-arrow';
import {
  queryTable,
  readQueryInput,
  readTable,
  readTableBytes,
  RESULTS_SCHEMA_KEY,
  SPEEDUPS_COLUMNS,
  SUMMARY_COLUMNS,
  toArrowIpc,
  type ColumnDef,
} from '@sharebench/analysis';

// Results schema 1 as sharebench wrote it before: speedups' family column named `pair`, no reason
// codes, no resolution columns, and no version key in the Arrow metadata.
const NEW = new Set(['reason', 'reason_env', 'below_resolution']);
const V1_SPEEDUPS = SPEEDUPS_COLUMNS.filter((c) => !NEW.has(c.name)).map((c) => (c.name === 'family' ? { ...c, name: 'pair' } : c)) as ColumnDef[];
const V1_SUMMARY = SUMMARY_COLUMNS.filter((c) => !NEW.has(c.name)) as ColumnDef[];

const v1Speedup = (over: Record<string, unknown>) => ({
  campaign: 'c', job: 'filestat', workload: 'filestat', ioengine: 'filestat', numjobs: 1, direction: 'ops', hostname: null, metric: 'ops_per_s',
  pair: 'host', candidate: 'virtiofs-none', baseline: 'host', candidate_mean: 70, baseline_mean: 50_000, candidate_n: 5, baseline_n: 5,
  ratio: 0.0014, log2_ratio: Math.log2(0.0014), ratio_ci95_lo: 0.001, ratio_ci95_hi: 0.002, log_ratio_se: 0.1, ratio_df: 6, significant: true,
  status: 'ok', error: null, ...over,
});

describe('analysis/dataset/upgrade-table', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(os.tmpdir(), 'sharebench-upgrade-'));
    await mkdir(join(dir, 'results'));
    const rows = [
      v1Speedup({}),
      // The host filestat: every repeat 1.00 ms, a zero-width interval.
      v1Speedup({ candidate: '9p-loose', ratio: 0.05, ratio_ci95_lo: 0.05, ratio_ci95_hi: 0.05, log_ratio_se: 0, ratio_df: null }),
      v1Speedup({ candidate: 'virtiofs-none-dax', ratio: null, candidate_mean: null, status: 'unsupported', error: 'virtiofs-none-dax has no ...' }),
      v1Speedup({ candidate: 'x', ratio: 2, ratio_ci95_lo: null, ratio_ci95_hi: null, log_ratio_se: null, ratio_df: null, significant: null, candidate_n: 1 }),
    ];
    await writeFile(join(dir, 'results', 'speedups.arrow'), toArrowIpc(rows as never, V1_SPEEDUPS));
    const summary = Object.fromEntries(V1_SUMMARY.map((c) => [c.name, c.type === 'float_list' ? [] : null]));
    const one = { ...summary, campaign: 'c', env: 'host', fs: 'host', dax: false, job: 'filestat', workload: 'filestat', ioengine: 'filestat', numjobs: 1,
      direction: 'ops', n: 5, n_ok: 5, status: 'ok', ops_per_s_mean: 50_000, ops_per_s_sd: 0, ops_per_s_ci95_lo: 50_000, ops_per_s_ci95_hi: 50_000,
      ops_per_s_samples: [50_000, 50_000, 50_000, 50_000, 50_000] };
    await writeFile(join(dir, 'results', 'summary.arrow'), toArrowIpc([one] as never, V1_SUMMARY));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads schema 1: pair as family, reason codes from statuses and spreads, no zero-width interval, the version key set', async () => {
    const s = await readTable(dir, 'speedups');
    expect(s.map((r) => [r.family, r.reason, r.reason_env])).toEqual([
      ['host', null, null],
      ['host', 'zero_variance', null],
      ['host', 'unsupported', 'virtiofs-none-dax'],
      ['host', 'one_sample', null],
    ]);
    expect(s[1]).toMatchObject({ ratio: 0.05, ratio_ci95_lo: null, ratio_ci95_hi: null, significant: null });
    expect('pair' in s[0]!).toBe(false);
    expect(tableFromIPC(await readTableBytes(dir, 'speedups')).schema.metadata.get(RESULTS_SCHEMA_KEY)).toBe('2');
    const [summary] = await readTable(dir, 'summary');
    expect(summary).toMatchObject({ reason: 'zero_variance', below_resolution: null, ops_per_s_ci95_lo: null, ops_per_s_ci95_hi: null });
  });

  it('gives query the same upgraded rows (read with flechette), and a current table as its bytes', async () => {
    const input = await readQueryInput(dir, 'speedups');
    expect(input instanceof Uint8Array).toBe(false);
    const rows = queryTable(input, { select: ['candidate', 'family', 'reason'] }).objects() as Array<Record<string, unknown>>;
    expect(rows.map((r) => [r['candidate'], r['family'], r['reason']])).toEqual([
      ['virtiofs-none', 'host', null],
      ['9p-loose', 'host', 'zero_variance'],
      ['virtiofs-none-dax', 'host', 'unsupported'],
      ['x', 'host', 'one_sample'],
    ]);
    const current = join(dir, 'current');
    await mkdir(join(current, 'results'), { recursive: true });
    await writeFile(join(current, 'results', 'speedups.arrow'), await readTableBytes(dir, 'speedups'));
    expect(await readQueryInput(current, 'speedups')).toBeInstanceOf(Uint8Array);
  });

  it('refuses a schema it does not know, naming the file and what to do', async () => {
    const future = join(dir, 'future');
    await mkdir(join(future, 'results'), { recursive: true });
    await writeFile(join(future, 'results', 'speedups.arrow'), toArrowIpc([], SPEEDUPS_COLUMNS, { [RESULTS_SCHEMA_KEY]: '9' }));
    await expect(readTable(future, 'speedups')).rejects.toThrow(/future\/results\/speedups\.arrow: results schema "9" is not one this sharebench reads \(1 to 2\); run 'sharebench analyze'/);
  });
});
