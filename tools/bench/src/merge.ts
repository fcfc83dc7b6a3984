import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { execa } from 'execa';
import {
  CONTEXT_SCHEMA,
  hostProvenance,
  runDir,
  RUN_MANIFEST_SCHEMA,
  snakeCaseKeys,
  type DatasetContext,
  type ExecutionRecord,
  type HostRecord,
  type PlanEntry,
  type RunJob,
  type RunManifest,
  type ShardRecord,
} from '@sharebench/core';
import { buildPlan, campaignHash, normalizeCampaign, shardBlocks, type Campaign, type PlannedRun } from '@sharebench/execute';
import { printFigures } from './figures.js';

/**
 * bench:merge: what `sharebench merge` costs against analyzing the same runs as one dataset.
 *
 *   1. a campaign of 20 host configurations x 16 jobs x 50 repeats (16,000 runs), split by job
 *      block into 16 shards of 1,000 runs; each shard written as `sharebench run --shard` writes
 *      it (context.json with its shard, host and plan; raw/runs/<env>/<job>/r<N>/ with run.json
 *      and fio's output), the outputs being real fio 3.33 ones from fixtures/fio-3.33 (a json
 *      randread job, a json+ randrw job with its latency bins), not 16,000 runs of fio
 *   2. the same 16,000 runs again as one unsharded dataset
 *   3. `sharebench merge --out M <16 shards>` and `sharebench analyze <one dataset>`, each in its
 *      own process, alternated, 3 times (--repeats N); the median wall time and peak RSS of each
 *
 * Goal: merge at most 1.5x analyze, in time and in memory. Last line: a JSON object.
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BUNDLE = join(ROOT, 'tools/cli/bundle/main.js');
const FIXTURES = join(ROOT, 'fixtures/fio-3.33');
const SHARDS = 16;
const GOAL = 1.5;

const { values } = parseArgs({ options: { repeats: { type: 'string', default: '3' }, keep: { type: 'string' } } });
const repeats = Number(values.repeats);
if (!Number.isInteger(repeats) || repeats < 1) {
  console.error(`bench:merge: --repeats ${JSON.stringify(values.repeats)} is not a positive whole number`);
  process.exit(2);
}

const campaign: Campaign = normalizeCampaign(
  {
    name: 'bench-merge',
    envs: [{ name: 'host', kind: 'host' }, ...Array.from({ length: 19 }, (_, i) => ({ name: `host-${String(i + 1).padStart(2, '0')}`, kind: 'host' }))],
    fio: { workloads: ['randread', 'randrw'], ioengines: ['psync', 'libaio', 'posixaio', 'mmap'], numjobs: [1, 4], size: '1M', runtime: '1s', direct: false },
    repeats: 50,
    order: 'interleaved',
  },
  join(os.tmpdir(), 'bench-merge', 'campaign.json'),
  'bench-merge',
);
const hash = campaignHash(campaign);
const full = buildPlan(campaign);
const blocks = shardBlocks(full, hash, SHARDS);
// Real fio 3.33 outputs: a psync randread job (json) and a randrw job (json+, with latency bins).
const outputs = {
  randread: await readFile(join(FIXTURES, 'json-psync-randread.json'), 'utf8'),
  randrw: await readFile(join(FIXTURES, 'jsonplus-bins.json'), 'utf8'),
};

const HOST_ID = 'bench-host';
const BOOT = '00000000-0000-4000-8000-000000000000';
const now = new Date().toISOString();
const host: HostRecord = {
  host_id: HOST_ID,
  hostname: os.hostname(),
  fingerprint: { host_id: HOST_ID, cpu_count: os.cpus().length },
  fingerprint_sha256: '0'.repeat(64),
  boot_ids: [BOOT],
  schedulers: [],
  first_seen_at: now,
  last_seen_at: now,
};

function job(r: PlannedRun): RunJob {
  const j = r.job;
  const io = j.kind === 'io' ? { direct: j.direct } : {};
  const { name, workload, ioengine, numjobs, blocksize_bytes, iodepth, size_bytes, runtime_ms } = j;
  return { name, workload, ioengine, numjobs, blocksize_bytes, iodepth, size_bytes, runtime_ms, ...io };
}

/** A dataset as `sharebench run` leaves it: context.json, and per run its fio output and run.json. */
async function writeDataset(dir: string, runs: readonly PlannedRun[], shard: ShardRecord | null): Promise<void> {
  const plan: PlanEntry[] = runs.map((r) => ({ order: r.order, env: r.env, repeat: r.repeat, job: job(r) }));
  const execution: ExecutionRecord = {
    campaign_file: campaign.file,
    campaign_hash: hash,
    campaign: snakeCaseKeys(campaign) as ExecutionRecord['campaign'],
    order: campaign.order,
    seed: campaign.seed,
    plan,
    accel_override: null,
    last_started_at: now,
    last_finished_at: now,
    stopped: null,
  };
  const envs = campaign.envs.map((e) => ({ name: e.name, fs: 'host' as const, cache: null, dax: false, numa: null, session: null, imported: null }));
  const ctx: DatasetContext = {
    schema: CONTEXT_SCHEMA,
    campaign: campaign.name,
    created_at: now,
    updated_at: now,
    sharebench: { version: 'bench', git_commit: null },
    host: hostProvenance(),
    envs,
    imports: [],
    pairs: [],
    execution,
    host_id: HOST_ID,
    hosts: [host],
    scheduler: { scheduler: null },
    shard,
  };
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'context.json'), JSON.stringify(ctx, null, 2) + '\n');
  for (const r of runs) {
    const runPath = join(dir, runDir(r.env, r.job.name, r.repeat));
    await mkdir(runPath, { recursive: true });
    const manifest: RunManifest = {
      schema: RUN_MANIFEST_SCHEMA,
      campaign: campaign.name,
      campaign_hash: hash,
      env: { ...envs.find((e) => e.name === r.env)!, kind: 'host' },
      job: job(r),
      repeat: r.repeat,
      order: r.order,
      state: 'completed',
      reason: null,
      exit_code: 0,
      command: ['fio', `--name=${r.job.name}`],
      duration_ms: 1000,
      prepare_ms: 10,
      started_at: now,
      finished_at: now,
      stdout_file: 'stdout.json',
      stderr_file: null,
      kernel: os.release(),
      mount: null,
      accel: null,
      fio_version: 'fio-3.33',
      daemon: null,
      daemon_version: null,
      qemu_version: null,
      guest_kernel: null,
      direct_ignored: null,
      host_conditions: null,
      host_id: HOST_ID,
      boot_id: BOOT,
      shard: shard?.index ?? null,
    };
    await writeFile(join(runPath, 'stdout.json'), r.job.workload === 'randrw' ? outputs.randrw : outputs.randread);
    await writeFile(join(runPath, 'run.json'), JSON.stringify(manifest, null, 2) + '\n');
  }
}

/** One sharebench command in its own process: wall time, peak RSS (its own getrusage), exit code. */
async function measured(tmp: string, args: string[]): Promise<{ ms: number; rss_bytes: number; code: number }> {
  const wrapper = join(tmp, 'measure.mjs');
  await writeFile(
    wrapper,
    `const { main } = await import(${JSON.stringify(BUNDLE)});\n` +
      'const code = await main(process.argv.slice(3), { stdout: { write() {} }, stderr: process.stderr });\n' +
      "(await import('node:fs')).writeFileSync(process.argv[2], JSON.stringify({ code, maxRSS: process.resourceUsage().maxRSS }));\n",
  );
  const report = join(tmp, 'measure.json');
  const t0 = performance.now();
  await execa(process.execPath, [wrapper, report, ...args], { stdin: 'ignore', stdout: 'inherit', stderr: 'inherit' });
  const ms = performance.now() - t0;
  const { code, maxRSS } = JSON.parse(await readFile(report, 'utf8')) as { code: number; maxRSS: number };
  return { ms, rss_bytes: maxRSS * 1024, code };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const tmp = values.keep ?? (await mkdtemp(join(os.tmpdir(), 'sharebench-bench-merge-')));
try {
  const t0 = performance.now();
  const shardDirs: string[] = [];
  for (const [index, own] of blocks.entries()) {
    const runs = own.flatMap((b) => b.runs).sort((a, b) => a.order - b.order);
    const record: ShardRecord = {
      index,
      count: SHARDS,
      by: 'job',
      blocks: own.map((b) => b.job),
      plan_runs: full.runs.length,
      plan_blocks: blocks.flat().length,
    };
    const dir = join(tmp, 'fleet', `shard=${index}`);
    await writeDataset(dir, runs, record);
    shardDirs.push(dir);
  }
  const one = join(tmp, 'one');
  await writeDataset(one, full.runs, null);
  const generateMs = performance.now() - t0;
  const made = `${SHARDS} shards of ${full.runs.length / SHARDS} runs and one dataset of ${full.runs.length}`;
  console.log(`bench:merge: ${made} generated in ${Math.round(generateMs / 1000)} s`);

  const merges: Array<{ ms: number; rss_bytes: number }> = [];
  const analyses: Array<{ ms: number; rss_bytes: number }> = [];
  for (let i = 0; i < repeats; i++) {
    const m = await measured(tmp, ['merge', '--out', join(tmp, 'fleet', 'merged'), ...shardDirs]);
    if (m.code !== 0) throw new Error(`bench:merge: sharebench merge exited ${m.code}`);
    merges.push(m);
    const a = await measured(tmp, ['analyze', one]);
    if (a.code !== 0) throw new Error(`bench:merge: sharebench analyze exited ${a.code}`);
    analyses.push(a);
  }
  const mergeMs = median(merges.map((m) => m.ms));
  const analyzeMs = median(analyses.map((a) => a.ms));
  const mergeRss = median(merges.map((m) => m.rss_bytes));
  const analyzeRss = median(analyses.map((a) => a.rss_bytes));
  const timeRatio = mergeMs / analyzeMs;
  const rssRatio = mergeRss / analyzeRss;
  printFigures('merge', {
    shards: SHARDS,
    runs_per_shard: full.runs.length / SHARDS,
    runs: full.runs.length,
    repeats,
    merge_ms: Math.round(mergeMs),
    merge_ms_runs: merges.map((m) => Math.round(m.ms)),
    merge_peak_rss_bytes: mergeRss,
    analyze_ms: Math.round(analyzeMs),
    analyze_ms_runs: analyses.map((a) => Math.round(a.ms)),
    analyze_peak_rss_bytes: analyzeRss,
    time_ratio: Number(timeRatio.toFixed(3)),
    rss_ratio: Number(rssRatio.toFixed(3)),
    goal_ratio: GOAL,
    within_goal: timeRatio <= GOAL && rssRatio <= GOAL,
  });
} finally {
  if (!values.keep) await rm(tmp, { recursive: true, force: true });
}
