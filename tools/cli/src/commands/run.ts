import { dirname, join } from 'node:path';
import { AccelRequest, ExitCode, humanBytes, InputError, parseDurationMs, parseSize, runKey, treeEntries, type ShardRecord } from '@sharebench/core';
import { cacheDir, schedulerProvenance, shardFromScheduler, type Lock } from '@sharebench/host';
import { computeTables, writeResults } from '@sharebench/analysis';
import os from 'node:os';
import {
  buildPlan,
  campaignHash,
  checkShares,
  parseShard,
  selectShard,
  consoleProgress,
  estimateMs,
  loadCampaign,
  runCampaign,
  shrinkCampaign,
  unsupportedEnvs,
  type Campaign,
  type CampaignOutcome,
  type Plan,
  type Repeats,
  type Selection,
  type ShardSpec,
} from '@sharebench/execute';
import { createEnvironment, describeQemu, withAccel } from '@sharebench/provision';
import type { CliIo, ParsedArgs } from '../types.js';
import { int, list, oneOf, str } from './flags.js';
import { tool } from './tool.js';
import { lockDataset, lockHost } from './locks.js';
import { message } from '../messages.js';

/**
 * `sharebench run`: the whole pipeline for one campaign.
 *
 *   campaign.json --normalize--> Campaign --shrink/select--> Plan
 *     --execute (provision env -> fio per run -> raw/)--> dataset
 *     --analyze (parse raw -> runs, summary, speedups)--> results/*.arrow, *.parquet
 *
 * 1. load and validate the campaign (the directories it shares judged on this host); apply
 *    --repeats/--runtime/--size, then --env/--jobs, then --shard (this shard's job blocks of the
 *    whole plan)
 * 2. --dry-run: print the plan and stop
 * 3. lock the dataset (one writer) and, when there is something to measure, the host (one
 *    measuring campaign), then execute, resumably; SIGINT/SIGTERM stop the current run and keep the rest
 * 4. release the host, analyze what is there (also after an interrupt), release the dataset
 * 5. exit 0 (all ok or unsupported; or some failed, with --failed-ok), 1 (some run failed), 130 (interrupted)
 */
export async function run(args: ParsedArgs, io: CliIo): Promise<number> {
  // 1.
  const loaded = await loadCampaign(args.positionals[0]!);
  for (const note of loaded.notes) io.stderr.write(`${message.note(note)}\n`);
  const runtime = str(args, 'runtime');
  const size = str(args, 'size');
  const campaign = shrinkCampaign(loaded, {
    repeats: int(args, 'repeats'),
    runtimeMs: runtime === undefined ? undefined : parseDurationMs(/^\d+(\.\d+)?$/.test(runtime) ? Number(runtime) : runtime, '--runtime'),
    sizeBytes: size === undefined ? undefined : parseSize(size, '--size'),
  });
  const selection = { envs: list(args, 'env'), jobs: list(args, 'jobs') };
  const accel = oneOf(args, 'accel', Object.values(AccelRequest)) ?? null;
  const shard = shardOf(str(args, 'shard'));
  const sharded = shard ? selectShard(buildPlan(campaign, selection), buildPlan(campaign), campaignHash(campaign), shard) : null;
  const plan = sharded?.plan ?? buildPlan(campaign, selection);
  const dataset = str(args, 'out') ?? dirname(campaign.file);
  await checkShares(campaign, join(dataset, 'scratch'));
  // 2.
  if (args.flags['dry-run']) {
    const envs = new Map(plan.envs.map((spec) => [spec.name, createEnvironment(withAccel(spec, accel), { scratchRoot: os.tmpdir(), cacheDir: cacheDir() })]));
    const unsupported = await unsupportedEnvs(envs);
    io.stdout.write(describePlan(plan, campaignHash(campaign), unsupported, sharded?.record ?? null));
    return ExitCode.ok;
  }
  // 3.
  const command = `sharebench run ${args.positionals[0]}`;
  const wait = Boolean(args.flags['wait']);
  return executeAndAnalyze(campaign, plan, { dataset, selection, accel, shard, wait, command, failedOk: Boolean(args.flags['failed-ok']) }, io);
}

/**
 * Steps 3 to 5 of `run` (and of `probe`, whose campaign has no runs, only the semantics probe):
 * lock, execute resumably, release the host, analyze, exit code.
 */
export async function executeAndAnalyze(
  campaign: Campaign,
  plan: Plan,
  o: { dataset: string; selection: Selection; accel: AccelRequest | null; shard?: ShardSpec | null; wait: boolean; command: string; failedOk?: boolean },
  io: CliIo,
): Promise<number> {
  const { dataset, selection, accel, command } = o;
  const shard = o.shard ?? null;
  const controller = new AbortController();
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals++;
    if (signals > 1) process.exit(ExitCode.interrupted);
    process.stderr.write(`\n${message.stopping(signal)}\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const locking = { wait: o.wait, signal: controller.signal };
  let datasetLock: Lock | undefined;
  let hostLock: Lock | undefined;
  let outcome;
  try {
    datasetLock = await lockDataset(dataset, command, io, locking);
    outcome = await runCampaign(campaign, {
      // Only when something is to be measured: a finished campaign neither waits nor is refused.
      beforeMeasuring: async () => {
        hostLock = await lockHost(dataset, command, io, locking);
      },
      dataset,
      selection,
      signal: controller.signal,
      progress: consoleProgress(process.stderr),
      tool: tool(),
      cacheDir: cacheDir(),
      accel,
      shard,
    });
    hostLock?.release();
    // 4.
    return await analyzeAndCount(dataset, plan, outcome, io, o.failedOk ?? false);
  } catch (err) {
    if (controller.signal.aborted && !outcome) return ExitCode.interrupted; // stopped while waiting for a lock
    throw err;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    hostLock?.release();
    datasetLock?.release();
  }
}

/** Analyzes the dataset, prints this plan's rows by status and says how the command exits (5.). */
async function analyzeAndCount(dataset: string, plan: Plan, outcome: CampaignOutcome, io: CliIo, failedOk: boolean): Promise<number> {
  const tables = await computeTables(dataset);
  let stale = false;
  try {
    await writeResults(dataset, tables);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOSPC' && code !== 'EDQUOT') throw err;
    // The previous results/ stay whole (they are replaced atomically or not at all).
    io.stderr.write(`${message.resultsNotUpdated(dataset, code)}\n`);
    stale = true;
  }
  const ids = new Set(plan.runs.map((r) => r.id));
  const mine = tables.runs.filter((r) => ids.has(runKey(r.env, r.job, r.repeat)));
  const count = (s: string) => mine.filter((r) => r.status === s).length;
  const where = stale ? 'results/ not updated' : `results in ${dataset}/results/`;
  const counts = `${count('ok')} ok, ${count('failed')} failed, ${count('unsupported')} unsupported, ${count('interrupted')} interrupted`;
  const notNeeded = outcome.notNeeded > 0 ? ` (${outcome.notNeeded} planned runs not needed: their cells converged)` : '';
  if (plan.runs.length > 0 || !plan.campaign.semantics) io.stdout.write(`${dataset}: ${mine.length} run rows for this plan${notNeeded}: ${counts}; ${where}\n`);
  if (plan.campaign.semantics) {
    const envs = new Set(tables.semantics.map((r) => r.env));
    const tally = ['ok', 'fails', 'differs', 'unsupported'].map((x) => `${tables.semantics.filter((r) => r.result === x).length} ${x}`).join(', ');
    io.stdout.write(`${dataset}: semantics of ${envs.size} environment(s): ${tally}; ${where}\n`);
  }
  // 5.
  if (outcome.interrupted) return ExitCode.interrupted;
  return (count('failed') > 0 && !failedOk) || stale ? ExitCode.runsFailed : ExitCode.ok;
}

/** `--shard i/n`, or `auto`: the index and count the scheduler gives this process (a Slurm array task, a GitLab parallel job). */
function shardOf(text: string | undefined): ShardSpec | null {
  if (text === undefined) return null;
  if (text !== 'auto') return parseShard(text);
  const given = shardFromScheduler(schedulerProvenance(process.env));
  if (given.status === 'unavailable') throw new InputError(message.shardAutoUnavailable(given.reason));
  return parseShard(`${given.index}/${given.count}`, message.shardAutoFlag(given.from));
}

function describeRepeats(r: Repeats): string {
  if (typeof r === 'number') return `${r} repeat(s)`;
  const until = `until the cv of bandwidth (summed over directions) < ${r.cv * 100}%`;
  return `adaptive repeats: ${r.min} to ${r.max} per cell, ${until} (runs and estimates below count ${r.max})`;
}

function describePlan(plan: Plan, hash: string, unsupported: ReadonlyMap<string, string>, shard: ShardRecord | null): string {
  const c = plan.campaign;
  const lines = [
    `campaign ${c.name} (${c.file}), hash ${hash}`,
    ...(shard
      ? [
          `shard ${shard.index}/${shard.count} by job: ${shard.blocks.length} of ${shard.plan_blocks} job blocks, ` +
            `${plan.runs.length} of ${shard.plan_runs} runs: ${shard.blocks.join(', ') || '(none: more shards than jobs)'}`,
        ]
      : []),
    `order ${c.order}${c.order === 'shuffled' ? ` (seed ${c.seed})` : ''}, ${describeRepeats(c.repeats)}, timeout ${c.timeoutMs / 1000} s per run`,
    `${plan.envs.length} env(s), ${plan.cells} cell(s), ${plan.runs.length} run(s)`,
    '',
  ];
  const skip = new Set(unsupported.keys());
  for (const env of plan.envs) {
    const runs = plan.runs.filter((r) => r.env === env.name);
    const ms = estimateMs(runs, [env], skip);
    const jobs = [...new Set(runs.map((r) => r.job.name))];
    const kind = env.kind === 'host' ? 'host' : describeGuest(env);
    const why = unsupported.get(env.name);
    lines.push(
      `${env.name.padEnd(24)} ${kind.padEnd(34)} ${String(jobs.length).padStart(3)} jobs ${String(runs.length).padStart(4)} runs ` +
        `${why ? `unsupported here: ${why}` : `~${Math.round(ms / 1000)} s`}`,
    );
  }
  const jobs = plan.runs.map((r) => r.job);
  const io = jobs.find((j) => j.kind === 'io');
  const meta = jobs.find((j) => j.kind === 'meta');
  const tree = jobs.find((j) => j.kind === 'tree');
  const devloop = jobs.find((j) => j.kind === 'devloop');
  lines.push('');
  if (io) {
    lines.push(
      `jobs: bs ${humanBytes(io.blocksize_bytes)}, iodepth ${io.iodepth}, size ${humanBytes(io.size_bytes)} per file, ` +
        `runtime ${io.runtime_ms / 1000} s, direct=${io.direct ? 1 : 0}`,
    );
  }
  if (meta) lines.push(`metadata jobs: ${meta.nrfiles} files of ${humanBytes(meta.filesize_bytes)} per fio job, one operation a file`);
  if (tree) {
    const t = tree.tree;
    lines.push(`tree: ${t.dirs} dirs x ${t.files_per_dir} files of ${humanBytes(t.file_size_bytes)} (${treeEntries(t).entries} entries)`);
  }
  if (devloop) {
    const { repo, install, sqlite } = devloop.devloop;
    lines.push(
      `developer loops: a repository of ${repo.files} files of ${humanBytes(repo.file_size_bytes)} in ${repo.dirs} dirs, ${repo.commits} commits ` +
        `(${repo.changed_files} files changed each); ${install.packages} packages of ${install.files_per_package} files by ${install.workers} workers; ` +
        `${sqlite.transactions} sqlite3 transactions of ${sqlite.rows_per_transaction} rows`,
    );
  }
  if (c.semantics) lines.push('semantics probe: once per environment, before its runs (what works where)');
  const totalMs = estimateMs(plan.runs, plan.envs, skip);
  lines.push(`estimated time: ~${Math.max(1, Math.round(totalMs / 60000))} min (${Math.round(totalMs / 1000)} s)`, '');
  lines.push('first runs:', ...plan.runs.slice(0, 8).map((r) => `  ${r.order + 1}. ${r.id}`), '');
  return lines.join('\n');
}

// The plan line's description of a guest: its share, daemon, options and stack.
function describeGuest(env: Exclude<Plan['envs'][number], { kind: 'host' }>): string {
  const words = [env.kind, ...(env.kind === 'virtiofs' && env.daemon ? [env.daemon] : []), `cache=${env.cache}`];
  if (env.kind === 'virtiofs' && env.daxWindowBytes) words.push(`dax=${humanBytes(env.daxWindowBytes)}`);
  if (env.kind === 'virtiofs' && env.threadPoolSize !== null) words.push(`pool=${env.threadPoolSize}`);
  if (env.kind === '9p') words.push(`msize=${humanBytes(env.msize)}`);
  // The less confined choices are named (docs/shares.md); the defaults are not.
  if (env.kind === '9p' && env.securityModel !== 'mapped-xattr') words.push(`security_model=${env.securityModel}`);
  if (env.kind === 'virtiofs' && env.sandbox !== 'namespace') words.push(`sandbox=${env.sandbox}`);
  if (env.numa !== null) words.push(`numa=${env.numa}`);
  if (env.guestKernel) words.push(`kernel=${env.guestKernel}`);
  const qemu = describeQemu(env);
  if (qemu) words.push(`qemu=${qemu}`);
  return words.join(' ');
}
