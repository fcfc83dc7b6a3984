import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromArrowIpc, readTableBytes, summarize, writeResults, type RunRow, type SpeedupRow } from '@sharebench/analysis';
import { FIXTURES as FIX, sharebench } from './helpers.js';


describe('cli/commands/compare', () => {
  let tmp: string;
  let legacy: string;
  let slower: string;
  beforeAll(async () => {
    tmp = await mkdtemp(join(os.tmpdir(), 'sharebench-compare-'));
    legacy = join(tmp, 'legacy');
    const i = await sharebench('import', join(FIX, 'legacy/sshfs-test-data-raw.txt'), join(FIX, 'legacy/virtiofs-test-data-raw.txt'), '--out', legacy);
    expect(i.exitCode, i.stderr).toBe(0);
    // The same dataset with virtiofs's seqread-psync 20% slower in every repeat: another code version, say.
    slower = join(tmp, 'slower');
    await cp(legacy, slower, { recursive: true });
    const runs = fromArrowIpc<RunRow>(await readTableBytes(legacy, 'runs')).map((r) =>
      r.env === 'virtiofs' && r.job === 'seqread-psync' && r.bw_bytes !== null ? { ...r, bw_bytes: r.bw_bytes * 0.8 } : r,
    );
    const speedups = fromArrowIpc<SpeedupRow>(await readTableBytes(legacy, 'speedups'));
    await writeResults(slower, { runs, summary: summarize(runs), speedups, semantics: [] });
  });
  afterAll(() => rm(tmp, { recursive: true, force: true }));

  it('a dataset against itself: every cell unchanged, exit 0', async () => {
    const r = await sharebench('compare', legacy, legacy);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^PASS: 0 of 72 matched cells regressed beyond 5% or failed \(bw_bytes, higher is better;/);
    expect(r.stdout).not.toMatch(/^(regression|failed) /m);
  });

  it('against a slower copy: the slower cell is a regression with its ratio and CI, exit 1', async () => {
    const r = await sharebench('compare', legacy, slower, '--threshold', '5%');
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/^FAIL: 1 of 72 matched cells regressed beyond 5% or failed/);
    // Regressions come first.
    expect(r.stdout.split('\n')[1]).toMatch(/^Run-to-run noise is unknown \(one baseline\): .* the smallest change it can flag is [\d.]+% \(median over 72 cells; [\d.]+% at most\)/);
    expect(r.stdout.split('\n')[2]).toMatch(/^72 cells have an interval, and each is a test: Holm's procedure over them keeps the chance of any false regression in this comparison at 2\.5% \(one-sided\)/);
    expect(r.stdout.split('\n')[6]).toMatch(/^regression +virtiofs +seqread-psync +read +92\.\d \(3\) +74\.\d \(3\) +0\.800× +0\.\d+–0\.\d+/);
    // Beyond the threshold only: 25% passes.
    expect((await sharebench('compare', legacy, slower, '--threshold', '25%')).exitCode).toBe(0);
    // The other way round it is an improvement, which passes.
    const back = await sharebench('compare', slower, legacy, '--format', 'json');
    expect(back.exitCode).toBe(0);
    const json = JSON.parse(back.stdout) as { pass: boolean; regressions: number; cells: Array<{ job: string; env: string; verdict: string; ratio: number }> };
    expect(json).toMatchObject({ pass: true, regressions: 0 });
    expect(json.cells.find((c) => c.env === 'virtiofs' && c.job === 'seqread-psync')).toMatchObject({ verdict: 'improvement', ratio: 1.25 });
  });

  it('markdown: a table a CI job can post', async () => {
    const r = await sharebench('compare', legacy, slower, '--format', 'markdown', '--metric', 'bw_bytes');
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/^\*\*FAIL: 1 of 72 /);
    expect(r.stdout).toContain('| verdict | env | job | direction | baseline MiB/s (n) | candidate MiB/s (n) | ratio | 95% CI | note |');
    expect(r.stdout).toMatch(/^\| regression \| virtiofs \| seqread-psync \| read \|/m);
  });

  const bad: Array<[string, string[], RegExp]> = [
    ['a missing dataset', ['compare', 'LEGACY', '/nonexistent/ds'], /no runs table; run 'sharebench analyze \/nonexistent\/ds' first/],
    ['a bad threshold', ['compare', 'LEGACY', 'LEGACY', '--threshold', '5'], /--threshold: "5" is not a change below 100%; write a percentage like 5%/],
    ['an unknown metric', ['compare', 'LEGACY', 'LEGACY', '--metric', 'speed'], /--metric: "speed" is not one of bw_bytes, iops, /],
    ['a bad format', ['compare', 'LEGACY', 'LEGACY', '--format', 'html'], /--format: "html" is not one of table, markdown, json/],
    ['one dataset without hosts to compare', ['compare', 'LEGACY'], /compare: one dataset given \(.*\); compare two of its hosts with --baseline-host A --candidate-host B/],
    ['a host it does not have', ['compare', 'LEGACY', '--baseline-host', 'a', '--candidate-host', 'b'], /--baseline-host: .* has no runs of host "a"; its hosts are/],
  ];
  for (const [what, argv, message] of bad) {
    it(`exits 2 on ${what}, with one line saying what`, async () => {
      const r = await sharebench(...argv.map((a) => (a === 'LEGACY' ? legacy : a)));
      expect(r).toMatchObject({ exitCode: 2, stdout: '' });
      expect(r.stderr).toMatch(message);
    });
  }

  it('exits 2 when the datasets have no cell in common', async () => {
    const other = join(tmp, 'other');
    expect((await sharebench('import', join(FIX, 'fio-3.33/json-psync-randread.json'), '--out', other)).exitCode).toBe(0);
    const r = await sharebench('compare', legacy, other);
    expect(r).toMatchObject({ exitCode: 2, stdout: '' });
    expect(r.stderr).toMatch(/have no cell \(env, job, direction\) in common/);
  });
});
