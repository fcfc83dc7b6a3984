import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { execaNode } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromArrowIpc, readTableBytes, type RunRow, type SemanticsRow } from '@sharebench/analysis';
import { DEVLOOP_OPS } from '@sharebench/core';
import { SEMANTICS_CHECKS } from '@sharebench/provision';
import { tinyHostCampaign } from '@sharebench/execute/testing';

const CLI = fileURLToPath(new URL('../bin/sharebench.js', import.meta.url));
const cli = async (...args: string[]) => {
  const r = await execaNode(CLI, args, { reject: false });
  return { exitCode: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr) };
};

// The built CLI end to end on the host env (real git, sqlite3, busybox and the probe): a campaign
// of developer loops and the semantics probe, run, analyzed and reported; then `probe` alone.
describe('cli: developer loops and what works where, on the host', () => {
  let t: Awaited<ReturnType<typeof tinyHostCampaign>>;
  beforeAll(async () => {
    t = await tinyHostCampaign('devloop', {
      fio: undefined,
      devloop: {
        repo: { files: 12, dirs: 2, commits: 2, file_size: '1k', changed_files: 3 },
        install: { packages: 3, files_per_package: 3, file_size: 256, workers: 2 },
        sqlite: { transactions: 2, rows_per_transaction: 3 },
      },
      semantics: true,
    });
  });
  afterAll(async () => {
    await rm(t.root, { recursive: true, force: true });
  });

  it('runs every operation and the probe once, then reports both; a second run does neither again', async () => {
    const first = await cli('run', t.dir);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/host: semantics completed: \d+ ok, /);
    expect(first.stdout).toMatch(/semantics of 1 environment\(s\): /);
    const runs = fromArrowIpc<RunRow>(await readTableBytes(t.dir, 'runs'));
    expect(runs.filter((r) => r.status === 'ok').map((r) => r.job).sort()).toEqual([...DEVLOOP_OPS, ...DEVLOOP_OPS].sort());
    const semantics = fromArrowIpc<SemanticsRow>(await readTableBytes(t.dir, 'semantics'));
    expect(semantics.map((r) => r.check)).toEqual([...SEMANTICS_CHECKS]);
    // The host's ext4, both sides of the two-sided checks on one directory.
    expect(semantics.filter((r) => r.result !== 'ok')).toEqual([]);

    const again = await cli('run', t.dir);
    expect(again.exitCode).toBe(0);
    expect(again.stderr).not.toContain('semantics probe');

    const out = join(t.root, 'report');
    expect((await cli('report', t.dir, '--out', out)).exitCode).toBe(0);
    const text = await readFile(join(out, 'report.txt'), 'utf8');
    expect(text).toContain('Developer loops: operations per second');
    expect(text).toMatch(/\nWhat works where: the semantics probe[^\n]*\n\nCHECK +host\nmmap_shared_write +ok\n/);
    const html = await readFile(join(out, 'index.html'), 'utf8');
    expect([...html.matchAll(/<section id="([^"]+)">/g)].map((m) => m[1])).toEqual([
      'findings', 'devloop', 'devloop-speedups', 'semantics', 'failures', 'conditions', 'provenance', 'seed-table',
    ]);
    expect(html).toMatch(/<td class="sem-ok" title="[^"]+">ok<\/td>/);
  });

  it('probes alone into a dataset of its own, which DuckDB reads as env, check, result, errno, detail', async () => {
    const dataset = join(t.root, 'probed');
    const r = await cli('probe', t.dir, '--out', dataset);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain(`${dataset}: semantics of 1 environment(s): ${SEMANTICS_CHECKS.length} ok, 0 fails, 0 differs, 0 unsupported`);
    expect(fromArrowIpc<RunRow>(await readTableBytes(dataset, 'runs'))).toEqual([]);
    const db = await DuckDBInstance.create(':memory:');
    const con = await db.connect();
    try {
      const rows = (await con.runAndReadAll(`SELECT * FROM read_parquet('${join(dataset, 'results', 'semantics.parquet')}')`)).getRowObjectsJson();
      expect(Object.keys(rows[0]!)).toEqual(['env', 'check', 'result', 'errno', 'detail']);
      expect(rows.map((x) => x['check'])).toEqual([...SEMANTICS_CHECKS]);
    } finally {
      con.closeSync();
      db.closeSync();
    }
    const q = await cli('query', dataset, '--table', 'semantics', '--filter', "d => d.check === 'inotify'", '--select', 'env,result', '--format', 'csv');
    expect(q.stdout.trim()).toBe('env,result\nhost,ok');
    const out = join(t.root, 'probe-report');
    expect((await cli('report', dataset, '--out', out)).exitCode).toBe(0);
    const html = await readFile(join(out, 'index.html'), 'utf8');
    expect([...html.matchAll(/<section id="([^"]+)">/g)].map((m) => m[1])).toEqual(['findings', 'semantics', 'failures', 'conditions', 'provenance', 'seed-table']);
    expect(await cli('probe', t.dir)).toMatchObject({ exitCode: 2, stderr: expect.stringContaining('--out') });
  });
});
