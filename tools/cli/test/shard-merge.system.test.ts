import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { execaNode } from 'execa';
import { DuckDBInstance } from '@duckdb/node-api';
import { fromArrowIpc, readTableBytes, type Findings, type RunRow } from '@sharebench/analysis';
import type { DatasetContext } from '@sharebench/core';

const CLI = fileURLToPath(new URL('../bin/sharebench.js', import.meta.url));

/** Two host configurations x 3 jobs x 2 repeats: 12 runs of real fio, about a second each. */
const CAMPAIGN = {
  envs: [
    { name: 'host', kind: 'host' },
    { name: 'host-b', kind: 'host' },
  ],
  fio: { workloads: ['seqread', 'randread', 'randrw'], ioengines: ['psync'], numjobs: [1], size: '1M', runtime: '300ms', direct: false },
  repeats: 2,
  order: 'interleaved',
};

let root: string;
let campaign: string;
const sharebench = (args: string[], env: Record<string, string> = {}) => execaNode(CLI, args, { reject: false, env });
const ctxOf = async (dir: string) => JSON.parse(await readFile(join(dir, 'context.json'), 'utf8')) as DatasetContext;
const runsOf = async (dir: string) => fromArrowIpc<RunRow>(await readTableBytes(dir, 'runs'));
const key = (r: Pick<RunRow, 'env' | 'job' | 'repeat' | 'direction'>) => `${r.env}/${r.job}/r${r.repeat}/${r.direction}`;
const planKeys = (ctx: DatasetContext) => ctx.execution!.plan.map((p) => `${p.order}:${p.env}/${p.job.name}/r${p.repeat}`);

/** The run.json files of a dataset, as run keys. */
async function runJsons(dataset: string): Promise<string[]> {
  const out: string[] = [];
  const base = join(dataset, 'raw/runs');
  for (const env of await readdir(base).catch(() => [])) {
    for (const job of await readdir(join(base, env))) {
      for (const rep of await readdir(join(base, env, job))) if (existsSync(join(base, env, job, rep, 'run.json'))) out.push(`${env}/${job}/${rep}`);
    }
  }
  return out.sort();
}

beforeAll(async () => {
  root = await mkdtemp(join(os.tmpdir(), 'sharebench-shard-'));
  campaign = join(root, 'fleetcamp');
  await mkdir(campaign);
  await writeFile(join(campaign, 'campaign.json'), JSON.stringify(CAMPAIGN));
  // The unsharded run and three shards of the same campaign, one after another on this host.
  const whole = await sharebench(['run', campaign, '--out', join(root, 'whole')]);
  expect(whole.exitCode, whole.stderr).toBe(0);
  for (const i of [0, 1, 2]) {
    const r = await sharebench(['run', campaign, '--shard', `${i}/3`, '--out', join(root, `fleet/shard=${i}`)]);
    expect(r.exitCode, r.stderr).toBe(0);
  }
}, 300_000);
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('cli: run --shard and merge (real fio, DuckDB)', () => {
  it('splits by job block: the shards are disjoint, their union is the unsharded plan, each records its shard and host', async () => {
    const whole = await ctxOf(join(root, 'whole'));
    const shards = await Promise.all([0, 1, 2].map((i) => ctxOf(join(root, `fleet/shard=${i}`))));
    const all = shards.flatMap(planKeys);
    expect(new Set(all).size).toBe(all.length);
    expect([...all].sort()).toEqual(planKeys(whole).sort());
    for (const [i, s] of shards.entries()) {
      expect(s.shard).toMatchObject({ index: i, count: 3, by: 'job', plan_runs: 12, plan_blocks: 3 });
      // Every configuration and repeat of a job in one shard: 2 envs x 2 repeats per block.
      expect(s.execution!.plan).toHaveLength(4 * s.shard!.blocks.length);
      expect(new Set(s.execution!.plan.map((p) => p.job.name))).toEqual(new Set(s.shard!.blocks));
      expect(s.execution!.campaign_hash).toBe(whole.execution!.campaign_hash);
      expect(s.host_id).toEqual(expect.any(String));
      expect(s.hosts![0]).toMatchObject({ host_id: s.host_id, hostname: os.hostname(), fingerprint_sha256: whole.hosts![0]!.fingerprint_sha256 });
    }
    // --dry-run shows a shard's plan: its blocks, and the runs of the first one.
    const dry = await sharebench(['run', campaign, '--dry-run', '--shard', '1/3']);
    expect(dry.stdout).toContain(`shard 1/3 by job: 1 of 3 job blocks, 4 of 12 runs: ${shards[1]!.shard!.blocks[0]}`);
    expect(dry.stdout).toMatch(new RegExp(`\\d+\\. host/${shards[1]!.shard!.blocks[0]}/r1`));
  });

  it('merges the 3 shards into what the unsharded run gives: the same runs, keys and order, host_id and shard on every row', async () => {
    const merged = join(root, 'fleet/merged');
    const r = await sharebench(['merge', '--out', merged, ...[0, 1, 2].map((i) => join(root, `fleet/shard=${i}`))]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/merged 3 dataset\(s\), mode shard, 1 host\(s\): 16 run rows, 8 summary cells, 4 speedups; complete/);
    const whole = await runsOf(join(root, 'whole'));
    const rows = await runsOf(merged);
    expect(rows.map(key)).toEqual(whole.map(key));
    expect(new Set(rows.map(key)).size).toBe(rows.length);
    const hostId = (await ctxOf(join(root, 'whole'))).host_id;
    for (const row of rows) {
      expect(row.host_id).toBe(hostId);
      expect(row.source_file).toMatch(new RegExp(`^\\.\\./shard=${row.shard}/raw/runs/${row.env}/${row.job}/r${row.repeat}/`));
    }
    // Raw files are referenced, not copied; the plan on record is the unsharded one.
    expect(await readdir(merged)).toEqual(['context.json', 'results']);
    expect(planKeys(await ctxOf(merged))).toEqual(planKeys(await ctxOf(join(root, 'whole'))));
    // Every speedup is within one shard: its job's block.
    const speedups = fromArrowIpc<{ job: string }>(await readTableBytes(merged, 'speedups'));
    expect(speedups).toHaveLength(4);
  });

  it('is read by every command, and by DuckDB from its Parquet files (the same counts as the shards)', async () => {
    const merged = join(root, 'fleet/merged');
    for (const args of [
      ['query', merged, '--table', 'summary'],
      ['findings', merged],
      ['report', merged, '--out', join(root, 'report')],
      ['analyze', merged],
    ]) {
      const r = await sharebench(args);
      expect(r.exitCode, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
    // The unsharded run and the shards are two measurements: compare may find a cell moved (exit 1), never bad input.
    const cmp = await sharebench(['compare', join(root, 'whole'), merged]);
    expect([0, 1], cmp.stderr).toContain(cmp.exitCode);
    expect(cmp.stdout).toMatch(/^(PASS|FAIL): \d+ of 8 matched cells /);
    expect(await readFile(join(root, 'report/report.txt'), 'utf8')).toMatch(/host-b ÷ host/);
    const db = await DuckDBInstance.create(':memory:');
    const con = await db.connect();
    try {
      const q = async (sql: string) => (await con.runAndReadAll(sql)).getRowObjectsJson();
      const one = await q(
        `SELECT count(*)::INTEGER AS n, sum(bw_bytes) AS bw, count(DISTINCT host_id)::INTEGER AS hosts FROM read_parquet('${merged}/results/runs.parquet')`,
      );
      const hive = await q(
        `SELECT count(*)::INTEGER AS n, sum(bw_bytes) AS bw, count(*) FILTER (WHERE shard_path <> shard)::INTEGER AS mismatched FROM (` +
          `SELECT *, regexp_extract(filename, 'shard=(\\d+)', 1)::INTEGER AS shard_path FROM read_parquet('${root}/fleet/shard=*/results/runs.parquet', ` +
          "filename = true, hive_partitioning = false))",
      );
      const arrow = await runsOf(merged);
      expect(one[0]).toMatchObject({ n: arrow.length, hosts: 1 });
      expect(hive[0]).toMatchObject({ n: arrow.length, mismatched: 0 });
      expect(Number(hive[0]!['bw'])).toBeCloseTo(Number(one[0]!['bw']), 0);
    } finally {
      con.closeSync();
      db.closeSync();
    }
  });

  it('writes what it has when a shard is missing and exits 1 naming it; refuses datasets of another campaign (exit 2, one line, nothing written)', async () => {
    const partial = join(root, 'fleet/partial');
    const r = await sharebench(['merge', '--out', partial, join(root, 'fleet/shard=0'), join(root, 'fleet/shard=2')]);
    expect(r.exitCode).toBe(1);
    const blocks = (await ctxOf(join(root, 'fleet/shard=1'))).shard!.blocks;
    const named = `sharebench: merge: shard 1 of 3 is missing (not given); jobs not merged: ${blocks.join(', ')}; run it, then merge again`;
    expect(r.stderr.trim().split('\n')).toEqual([named]);
    expect((await ctxOf(partial)).merge).toMatchObject({ mode: 'shard', missing_shards: [1] });
    expect(new Set((await runsOf(partial)).map((x) => x.shard))).toEqual(new Set([0, 2]));

    const other = join(root, 'othercamp');
    await mkdir(other);
    await writeFile(join(other, 'campaign.json'), JSON.stringify({ ...CAMPAIGN, fio: { ...CAMPAIGN.fio, workloads: ['seqread'] }, repeats: 1 }));
    expect((await sharebench(['run', other, '--shard', '0/1', '--out', join(root, 'fleet-other/shard=0')])).exitCode).toBe(0);
    const refused = await sharebench(['merge', '--out', join(root, 'mixed'), join(root, 'fleet/shard=0'), join(root, 'fleet-other/shard=0')]);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(/^sharebench: merge: .*fleet-other\/shard=0 holds campaign othercamp \(hash \w+\), .* campaign fleetcamp .*merge datasets of one campaign[^\n]*$/);
    expect(existsSync(join(root, 'mixed'))).toBe(false);
    // A shard given twice, shards of two splits: refused the same way.
    const twice = await sharebench(['merge', '--out', join(root, 'mixed'), join(root, 'fleet/shard=0'), join(root, 'fleet/shard=0/')]);
    expect(twice).toMatchObject({ exitCode: 2 });
    expect(twice.stderr).toMatch(/is given twice/);
  });

  it('resumes an interrupted shard with no duplicate run, and merge says the shard is incomplete until then', async () => {
    const shard = join(root, 'resume/shard=1');
    const child = execaNode(CLI, ['run', campaign, '--shard', '1/3', '--out', shard], { reject: false });
    // Interrupt once a run is on disk.
    while ((await runJsons(shard)).length === 0) await sleep(50);
    child.kill('SIGINT');
    expect((await child).exitCode).toBe(130);
    const before = await runJsons(shard);
    expect(before.length).toBeLessThan(4);
    const incomplete = await sharebench(['merge', '--out', join(root, 'resume/merged'), join(root, 'fleet/shard=0'), shard, join(root, 'fleet/shard=2')]);
    expect(incomplete.exitCode).toBe(1);
    expect(incomplete.stderr).toMatch(/^sharebench: merge: shard 1 \(.*resume\/shard=1\) is incomplete: \d+ run rows not finished; run it again \(it resumes\), then merge again$/m);
    const resumed = await sharebench(['run', campaign, '--shard', '1/3', '--out', shard]);
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    const after = await runJsons(shard);
    expect(after).toHaveLength(4);
    expect(after).toEqual(expect.arrayContaining(before));
    const complete = await sharebench(['merge', '--out', join(root, 'resume/merged'), join(root, 'fleet/shard=0'), shard, join(root, 'fleet/shard=2')]);
    expect(complete.exitCode, complete.stderr).toBe(0);
    const rows = await runsOf(join(root, 'resume/merged'));
    expect(new Set(rows.map(key)).size).toBe(rows.length);
    expect(rows.map(key).sort()).toEqual((await runsOf(join(root, 'whole'))).map(key).sort());
    // Running a shard into another shard's dataset is refused.
    const wrong = await sharebench(['run', campaign, '--shard', '2/3', '--out', shard]);
    expect(wrong.exitCode).toBe(2);
    expect(wrong.stderr).toMatch(/holds runs of shard 1\/3, not of shard 2\/3; run each shard into its own dataset/);
  });

  it('keeps concurrent merges into one dataset apart: one writes, the other is refused at once; a killed merge leaves the dataset whole', async () => {
    const out = join(root, 'fleet/concurrent');
    const inputs = [0, 1, 2].map((i) => join(root, `fleet/shard=${i}`));
    const [a, b] = await Promise.all([sharebench(['merge', '--out', out, ...inputs]), sharebench(['merge', '--out', out, ...inputs])]);
    const codes = [a.exitCode, b.exitCode].sort();
    // Either they did not overlap (both wrote, one after the other) or one was refused by the lock.
    expect(codes[0]).toBe(0);
    if (codes[1] === 2) expect([a, b].find((x) => x.exitCode === 2)!.stderr).toMatch(/in use by pid \d+ \('sharebench merge --out/);
    else expect(codes[1]).toBe(0);
    // A merge killed once it holds the lock: the dataset is the old merge or the new one, whole.
    const killed = execaNode(CLI, ['merge', '--out', out, inputs[0]!, inputs[2]!], { reject: false });
    while (!existsSync(join(out, '.sharebench.lock')) && killed.exitCode === null) await sleep(5);
    killed.kill('SIGKILL');
    await killed;
    const ctx = await ctxOf(out);
    const rows = await runsOf(out);
    const fromInputs = new Set(rows.map((r) => r.shard));
    expect(fromInputs).toEqual(new Set(ctx.merge!.inputs.map((i) => i.shard)));
    // The next merge takes the dead one's lock over and writes.
    const again = await sharebench(['merge', '--out', out, ...inputs]);
    expect(again.exitCode, again.stderr).toBe(0);
    expect((await runsOf(out)).length).toBe(16);
  });
});

describe('cli: hosts as a factor (replicate mode, two simulated hosts)', () => {
  const hostRoot = () => join(root, 'replicas');
  beforeAll(async () => {
    for (const host of ['alpha', 'beta']) {
      const out = join(hostRoot(), `host=${host}`);
      const r = await sharebench(['run', campaign, '--jobs', 'seqread-psync,randread-psync', '--out', out], { SHAREBENCH_HOST_ID: host });
      // --jobs narrows the plan: the merge will say what each replica did not run.
      expect(r.exitCode, r.stderr).toBe(0);
    }
  }, 120_000);

  it('gives findings per host and pooled across hosts, and compare takes a host as baseline and another as candidate', async () => {
    const merged = join(hostRoot(), 'merged');
    const r = await sharebench(['merge', '--out', merged, '--mode', 'replicate', join(hostRoot(), 'host=alpha'), join(hostRoot(), 'host=beta')]);
    // Both replicas skipped randrw (--jobs): written, and named as incomplete.
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/host alpha \(.*host=alpha\) is incomplete: 4 of its campaign's runs were never planned/);
    const rows = await runsOf(merged);
    expect(new Set(rows.map((x) => x.host_id))).toEqual(new Set(['alpha', 'beta']));
    const summary = fromArrowIpc<{ host_id: string; env: string; job: string }>(await readTableBytes(merged, 'summary'));
    expect(summary).toHaveLength(8); // 2 hosts x 2 envs x 2 jobs
    const f = JSON.parse((await sharebench(['findings', merged, '--format', 'json'])).stdout) as Findings;
    expect(f.hosts).toEqual(['alpha', 'beta']);
    expect(f.families[0]!.comparisons.map((c) => `${c.candidate}/${c.baseline}/${c.host_id}`)).toEqual(['host-b/host/alpha', 'host-b/host/beta']);
    expect(f.across_hosts).toHaveLength(1);
    expect(f.across_hosts[0]).toMatchObject({
      candidate: 'host-b',
      baseline: 'host',
      method: 'random_effects',
      cells: ['seqread-psync · read', 'randread-psync · read'],
    });
    expect(f.across_hosts[0]!.hosts.map((h) => h.host_id)).toEqual(['alpha', 'beta']);
    const text = (await sharebench(['findings', merged])).stdout;
    expect(text).toMatch(/host-b ÷ host on alpha: /);
    expect(text).toMatch(/ACROSS HOSTS \(2: alpha, beta\)/);
    const cmp = await sharebench(['compare', merged, '--baseline-host', 'alpha', '--candidate-host', 'beta']);
    expect([0, 1]).toContain(cmp.exitCode);
    expect(cmp.stdout).toMatch(new RegExp(`of 4 matched cells .*candidate ${merged} on beta vs baseline ${merged} on alpha`));
    // The report: each host a series of its own, and the comparison across hosts.
    const report = await sharebench(['report', merged, '--out', join(hostRoot(), 'report')]);
    expect(report.exitCode, report.stderr).toBe(0);
    const page = await readFile(join(hostRoot(), 'report/index.html'), 'utf8');
    expect(page).toContain('fleetcamp @ alpha');
    expect(page).toContain('fleetcamp @ beta');
    expect(page).toMatch(/<h3>Across hosts <span class="pair-kind">\(2 hosts\)<\/span><\/h3>/);
    expect(await readFile(join(hostRoot(), 'report/report.txt'), 'utf8')).toMatch(/ACROSS HOSTS \(2: alpha, beta\)/);
    const mixed = await sharebench(['compare', merged, join(hostRoot(), 'host=alpha')]);
    expect(mixed).toMatchObject({ exitCode: 2 });
    expect(mixed.stderr).toMatch(/holds runs of 2 hosts \(alpha, beta\); choose one with --baseline-host HOST_ID/);
  });

  it('refuses one host_id with two fingerprints (cloned machines)', async () => {
    // A clone: the same host_id, another machine (its fingerprint says 64 CPUs).
    const clone = join(hostRoot(), 'host=clone');
    await cp(join(hostRoot(), 'host=beta'), clone, { recursive: true });
    const ctx = await ctxOf(clone);
    ctx.hosts![0]!.host_id = 'alpha';
    ctx.hosts![0]!.fingerprint = { ...ctx.hosts![0]!.fingerprint, cpu_count: 64 };
    ctx.hosts![0]!.fingerprint_sha256 = 'f'.repeat(64);
    await writeFile(join(clone, 'context.json'), JSON.stringify(ctx));
    const r = await sharebench(['merge', '--out', join(hostRoot(), 'cloned'), '--mode', 'replicate', join(hostRoot(), 'host=alpha'), clone]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^sharebench: merge: host_id alpha has two fingerprints \(.*\): two machines cloned from one image, or one machine changed/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
