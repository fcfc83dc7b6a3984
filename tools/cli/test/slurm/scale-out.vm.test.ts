import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { execaNode } from 'execa';
import { DuckDBInstance } from '@duckdb/node-api';
import { fromArrowIpc, readTableBytes, type RunRow } from '@sharebench/analysis';
import { buildPlan, loadCampaign } from '@sharebench/execute';
import { readRunManifest, type DatasetContext } from '@sharebench/core';
import { startSlurmCluster, type SlurmCluster } from './cluster.js';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const SLURM = join(REPO, 'examples/slurm');
const CLI = join(REPO, 'tools/cli/bin/sharebench.js');

/** The issue's ci-fleet campaign: two host envs (two scratch dirs) x 3 jobs x 2 repeats, 16 MiB, 1 s. */
const CI_FLEET = {
  envs: [
    { name: 'host', kind: 'host' },
    { name: 'host-b', kind: 'host' },
  ],
  fio: { workloads: ['seqread', 'randread', 'randrw'], ioengines: ['psync'], numjobs: [1], size: '16M', runtime: '1s', direct: false },
  repeats: 2,
};

let root: string;
let cluster: SlurmCluster;
let campaign: string;

const ctxOf = async (dir: string) => JSON.parse(await readFile(join(dir, 'context.json'), 'utf8')) as DatasetContext;
const runsOf = async (dir: string) => fromArrowIpc<RunRow>(await readTableBytes(dir, 'runs'));

/** The runs of a shard dataset that ended for good (run.json), and each one's interval (ms since the epoch). */
async function finished(dataset: string): Promise<Array<{ key: string; start: number; end: number }>> {
  const out: Array<{ key: string; start: number; end: number }> = [];
  const base = join(dataset, 'raw/runs');
  for (const env of await readdir(base).catch(() => [])) {
    for (const job of await readdir(join(base, env))) {
      for (const rep of await readdir(join(base, env, job))) {
        const read = await readRunManifest(dataset, env, job, Number(rep.slice(1)));
        // An interrupted run (the task was cancelled during it) is redone on resume: not finished.
        if (read.found !== 'read' || read.manifest.state === 'interrupted') continue;
        out.push({ key: `${env}/${job}/${rep}`, start: Date.parse(read.manifest.started_at), end: Date.parse(read.manifest.finished_at) });
      }
    }
  }
  return out.sort((a, b) => a.key.localeCompare(b.key));
}

/** `sbatch --array=<tasks> --exclusive run-shard.sbatch CAMPAIGN OUT 3`, from the checkout (the script takes sharebench from its node_modules). */
const submitShards = (out: string, tasks: string) =>
  cluster.sbatch([`--array=${tasks}`, '--exclusive', `--output=${join(root, 'logs/shard-%A_%a.out')}`, join(SLURM, 'run-shard.sbatch'), campaign, out, '3'], {
    cwd: REPO,
  });
const submitMerge = (out: string, after: string) =>
  cluster.sbatch([`--dependency=afterany:${after}`, `--output=${join(root, `logs/merge-${after}.out`)}`, join(SLURM, 'merge.sbatch'), out], { cwd: REPO });

beforeAll(async () => {
  root = await mkdtemp(join(os.tmpdir(), 'sb-scale-'));
  await chmod(root, 0o755);
  await mkdir(join(root, 'logs'));
  campaign = join(root, 'ci-fleet');
  await mkdir(campaign);
  await writeFile(join(campaign, 'campaign.json'), JSON.stringify(CI_FLEET));
  cluster = await startSlurmCluster({ dir: join(root, 'cluster') });
}, 120_000);

afterAll(async () => {
  await cluster?.stop();
  if (root) await rm(root, { recursive: true, force: true });
}, 120_000);

describe('scale-out on a one-node Slurm cluster: a job array of shards, then merge (real Slurm, fio, DuckDB)', () => {
  it('runs 3 shards one after another, each recording Slurm; their union is the plan; the merge has every run once, as DuckDB counts', async () => {
    const out = join(root, 'fleet/ci');
    const array = await submitShards(out, '0-2');
    const merge = await submitMerge(out, array);
    const [mergeJob] = await cluster.waitJob(merge, { withinMs: 600_000 });
    const tasks = await cluster.jobs(array);
    const logs = tasks.map((t) => (t.stdout && existsSync(t.stdout) ? readFileSync(t.stdout, 'utf8') : '')).join('\n');
    expect(new Map(tasks.map((t) => [t.arrayTaskId, t.state])), logs).toEqual(new Map(['0', '1', '2'].map((i) => [i, 'COMPLETED'])));
    expect(mergeJob, readFileSync(join(root, `logs/merge-${array}.out`), 'utf8')).toMatchObject({ state: 'COMPLETED', exitCode: 0 });

    // (a) three shard datasets, each saying which array task of which job on which node ran it.
    const shards = await Promise.all([0, 1, 2].map((i) => ctxOf(join(out, `shard=${i}`))));
    for (const [i, s] of shards.entries()) {
      expect(s.shard).toMatchObject({ index: i, count: 3, by: 'job' });
      expect(s.scheduler).toMatchObject({ scheduler: 'slurm', array_job_id: array, array_task_id: i, node: cluster.nodeName });
      expect(s.host_id).toBe(cluster.nodeName); // run-shard.sbatch names the host after its node
    }
    // (b) disjoint, and together the plan; no job's configurations split across shards.
    const plan = buildPlan(await loadCampaign(campaign)).runs.map((r) => r.id).sort();
    const keys = shards.flatMap((s) => s.execution!.plan.map((p) => `${p.env}/${p.job.name}/r${p.repeat}`));
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys].sort()).toEqual(plan);
    const shardsOfJob = new Map<string, Set<number>>();
    for (const s of shards) for (const p of s.execution!.plan) shardsOfJob.set(p.job.name, (shardsOfJob.get(p.job.name) ?? new Set()).add(s.shard!.index));
    expect([...shardsOfJob.values()].map((x) => x.size)).toEqual([1, 1, 1]);
    // (c) no two shards measured at once: the node is exclusive.
    const spans = (await Promise.all([0, 1, 2].map((i) => finished(join(out, `shard=${i}`)))))
      .map((runs) => ({ start: Math.min(...runs.map((r) => r.start)), end: Math.max(...runs.map((r) => r.end)) }))
      .sort((a, b) => a.start - b.start);
    for (let i = 1; i < spans.length; i++) expect(spans[i]!.start).toBeGreaterThanOrEqual(spans[i - 1]!.end);
    // (d) the merged dataset holds each run once, every row on the node's host.
    const rows = await runsOf(join(out, 'merged'));
    const runKeys = new Set(rows.map((r) => `${r.env}/${r.job}/r${r.repeat}`));
    expect([...runKeys].sort()).toEqual(plan);
    expect(new Set(rows.map((r) => `${r.env}/${r.job}/r${r.repeat}/${r.direction}`)).size).toBe(rows.length);
    expect(new Set(rows.map((r) => r.host_id))).toEqual(new Set([cluster.nodeName]));
    // (e) DuckDB over the shards' Parquet: the same rows and bandwidth as the merge, the path's shard the file's.
    const db = await DuckDBInstance.create(':memory:');
    const con = await db.connect();
    try {
      const q = async (sql: string) => (await con.runAndReadAll(sql)).getRowObjectsJson();
      const [merged] = await q(`SELECT count(*)::INTEGER AS n, sum(bw_bytes) AS bw FROM read_parquet('${out}/merged/results/runs.parquet')`);
      const [hive] = await q(
        `SELECT count(*)::INTEGER AS n, sum(bw_bytes) AS bw, count(*) FILTER (WHERE path_shard <> shard)::INTEGER AS mismatched FROM (` +
          `SELECT *, regexp_extract(filename, 'shard=(\\d+)/', 1)::INTEGER AS path_shard ` +
          `FROM read_parquet('${out}/shard=*/results/runs.parquet', filename = true, hive_partitioning = false))`,
      );
      expect(hive).toMatchObject({ n: rows.length, mismatched: 0 });
      expect(merged).toMatchObject({ n: rows.length });
      expect(Number(hive!['bw'])).toBeCloseTo(Number(merged!['bw']), 0);
    } finally {
      con.closeSync();
      db.closeSync();
    }
  }, 900_000);

  it('scancel of one task makes the afterany merge exit 1 naming that shard; resubmitting it resumes with no duplicate', async () => {
    const out = join(root, 'fleet/ci2');
    const array = await submitShards(out, '0-2');
    // Task 1 starts once task 0 is done (one exclusive node); cancel it after its first run.
    while ((await finished(join(out, 'shard=1'))).length === 0) {
      const states = (await cluster.jobs(array)).map((t) => t.state);
      if (states.every((s) => s !== 'PENDING' && s !== 'RUNNING')) throw new Error(`the array ended before shard 1 ran: ${states.join(', ')}`);
      await sleep(100);
    }
    await cluster.scancel(`${array}_1`);
    const merge = await submitMerge(out, array);
    const [mergeJob] = await cluster.waitJob(merge, { withinMs: 600_000 });
    const log = readFileSync(join(root, `logs/merge-${array}.out`), 'utf8');
    expect(mergeJob, log).toMatchObject({ state: 'FAILED', exitCode: 1 });
    expect(log).toMatch(/^sharebench: merge: shard 1 \(.*shard=1\) is incomplete: \d+ run rows not finished; run it again \(it resumes\), then merge again$/m);
    const tasks = new Map((await cluster.jobs(array)).map((t) => [t.arrayTaskId, t.state]));
    expect(tasks.get('1')).toBe('CANCELLED');
    const before = await finished(join(out, 'shard=1'));
    expect(before.length).toBeGreaterThan(0);
    expect(before.length).toBeLessThan(4);

    // Resubmitted alone, the task finishes the shard: the runs it had are kept as they were.
    const redo = await submitShards(out, '1');
    const [task] = await cluster.waitJob(redo, { withinMs: 600_000 });
    expect(task).toMatchObject({ state: 'COMPLETED', exitCode: 0 });
    const after = await finished(join(out, 'shard=1'));
    expect(after).toHaveLength(4);
    expect(after).toEqual(expect.arrayContaining(before));
    const again = await execaNode(CLI, ['merge', '--out', join(out, 'merged'), ...[0, 1, 2].map((i) => join(out, `shard=${i}`))], { reject: false });
    expect(again.exitCode, again.stderr).toBe(0);
    const rows = await runsOf(join(out, 'merged'));
    expect(new Set(rows.map((r) => `${r.env}/${r.job}/r${r.repeat}/${r.direction}`)).size).toBe(rows.length);
    expect(new Set(rows.map((r) => `${r.env}/${r.job}/r${r.repeat}`)).size).toBe(12);
  }, 900_000);

  it('leaves no process behind: no daemon, slurmstepd or fio of this cluster', async () => {
    expect((await cluster.stop()).left).toEqual([]);
  }, 120_000);
});
