import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPairs, envMetaFromName, readTable, speedups, summarize, treeRuns, writeResults, type Findings } from '@sharebench/analysis';
import { FIXTURES as FIX, sharebench } from './helpers.js';


describe('cli/commands/findings', () => {
  let tmp: string;
  let legacy: string;
  let both: string;
  beforeAll(async () => {
    tmp = await mkdtemp(join(os.tmpdir(), 'sharebench-findings-'));
    legacy = join(tmp, 'legacy');
    await sharebench('import', join(FIX, 'legacy/sshfs-test-data-raw.txt'), join(FIX, 'legacy/virtiofs-test-data-raw.txt'), '--out', legacy);
    // The same dataset with tree operations beside its I/O jobs: findings in bandwidth and in operations per second.
    both = join(tmp, 'both');
    await sharebench('import', join(FIX, 'legacy/sshfs-test-data-raw.txt'), join(FIX, 'legacy/virtiofs-test-data-raw.txt'), '--out', both);
    const runs = await readTable(both, 'runs');
    const envs = ['virtiofs', 'sshfs'].map(envMetaFromName);
    for (const env of envs) {
      for (const [repeat, ms] of [[1, 40], [2, 44], [3, 41]] as const) {
        const elapsed = env.name === 'virtiofs' ? ms : ms * 3;
        const stdout = JSON.stringify({ op: 'walk', entries: 1021, elapsed_ms: elapsed + 0.123, tick_ms: 0.001 });
        const ctx = { campaign: 'legacy', env, repeat, source_file: 'x', job: 'tree-walk', kind: 'tree', workload: 'walk', ioengine: 'busybox' } as const;
        runs.push(...treeRuns(stdout, ctx));
      }
    }
    const summary = summarize(runs);
    await writeResults(both, { runs, summary, speedups: speedups(summary, defaultPairs(envs)), semantics: [] });
  });
  afterAll(() => rm(tmp, { recursive: true, force: true }));

  it('table: the text the report shows, virtiofs ÷ sshfs pooled by random effects, per workload with CIs', async () => {
    const r = await sharebench('findings', legacy);
    expect(r).toMatchObject({ exitCode: 0, stderr: '' });
    expect(r.stdout).toMatch(/^FINDINGS\n/);
    expect(r.stdout).toMatch(/^ {2}virtiofs ÷ sshfs: virtiofs faster on average; individual workloads vary: \d+\.\d+× \(95% CI [\d.]+–[\d.]+\), /m);
    expect(r.stdout).toMatch(/\), random effects \(REML, HKSJ\), 36 cells; τ [\d.]+ \(cells ×\/÷ [\d.]+\); a new cell: [\d.]+–[\d.]+$/m);
    expect(r.stdout).toMatch(/per-cell verdicts control the false discovery rate at 5% across this comparison's 36 cells/);
    for (const w of ['seqread', 'randread', 'seqwrite', 'randwrite', 'randrw · read', 'randrw · write']) {
      expect(r.stdout).toMatch(new RegExp(`^ {4}${w} +[\\d.]+× +[\\d.]+–[\\d.]+ +random, 6 +[\\d.]+–[\\d.]+ +\\d+ +\\d+ `, 'm'));
    }
  });

  it('csv: one row per comparison and workload and one for all workloads, with the pooling columns; json: the whole structure', async () => {
    const csv = await sharebench('findings', legacy, '--format', 'csv');
    const lines = csv.stdout.trimEnd().split('\n');
    const header = lines[0]!.split(',');
    const promised = ['family', 'comparison', 'workload', 'metric', 'k', 'ratio', 'ci95_lo', 'ci95_hi', 'tau2', 'pi95_lo', 'pi95_hi', 'verdict'];
    for (const c of [...promised, 'method', 'q_p']) expect(header).toContain(c);
    const at = (name: string) => header.indexOf(name);
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(rows.map((r) => [r[at('family')], r[at('comparison')], r[at('workload')], r[at('metric')], r[at('k')], r[at('method')]])).toEqual([
      ['fs', 'virtiofs ÷ sshfs', 'all workloads', 'bw_bytes', '36', 'random_effects'],
      ...['seqread', 'randread', 'seqwrite', 'randwrite', 'randrw · read', 'randrw · write'].map((w) => [
        'fs', 'virtiofs ÷ sshfs', w, 'bw_bytes', '6', 'random_effects',
      ]),
    ]);
    for (const r of rows) expect(Number(r[at('pi95_lo')]) < Number(r[at('ratio')])).toBe(true);
    type Json = { families: Array<{ family: string; metric: string; comparisons: unknown[] }> };
    const json = JSON.parse((await sharebench('findings', legacy, '--format', 'json')).stdout) as Json;
    expect(json.families.map((f) => [f.family, f.metric, f.comparisons.length])).toEqual([['fs', 'bw_bytes', 1]]);
  });

  it('one function for all three: the report, report.txt and the command agree, bandwidth and operations per second alike', async () => {
    const out = join(tmp, 'report');
    expect((await sharebench('report', both, '--out', out)).exitCode).toBe(0);
    const text = await sharebench('findings', both);
    const reportTxt = await readFile(join(out, 'report.txt'), 'utf8');
    // report.txt opens on exactly what the command prints, then the seed's table.
    expect(reportTxt.startsWith(text.stdout)).toBe(true);
    expect(text.stdout).toMatch(/\(family fs\) · bandwidth, bytes\/s\n/);
    expect(text.stdout).toMatch(/\(family fs\) · operations per second, ops\/s\n {2}virtiofs ÷ sshfs: virtiofs faster: 2\.99× \(95% CI [\d.]+–[\d.]+\), one cell/);
    const json = JSON.parse((await sharebench('findings', both, '--format', 'json')).stdout) as Findings;
    expect(json.families.map((f) => [f.family, f.metric])).toEqual([['fs', 'bw_bytes'], ['fs', 'ops_per_s']]);
    const html = await readFile(join(out, 'index.html'), 'utf8');
    const divs = [...html.matchAll(/<div class="family" data-family="([^"]+)" data-metric="([^"]+)">/g)].map((m) => [m[1], m[2]]);
    expect(divs).toEqual(json.families.map((f) => [f.family, f.metric]));
    // Each comparison's pooled ratio as the page shows it, from the command's numbers.
    for (const f of json.families) {
      for (const c of f.comparisons) expect(html).toContain(`<span class="ratio">${c.overall.ratio!.toPrecision(3)}×</span>`);
    }
    const csv = await sharebench('findings', both, '--format', 'csv');
    expect(csv.stdout.split('\n').filter((l) => l.includes(',ops_per_s,'))).toHaveLength(2);
  });

  it('refuses a bad format and a dataset without results, exit 2', async () => {
    expect((await sharebench('findings', legacy, '--format', 'xml')).exitCode).toBe(2);
    const none = await sharebench('findings', join(tmp, 'nothing'));
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toMatch(/no speedups table; run 'sharebench analyze/);
  });
});
