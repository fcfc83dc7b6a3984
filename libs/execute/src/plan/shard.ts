import { createHash } from 'node:crypto';
import { InputError, SHARD_BY, type ShardRecord } from '@sharebench/core';
import type { Plan, PlannedRun } from './build-plan.js';
import { estimateMs } from './estimate.js';
import { message } from '../messages.js';

/** `--shard i/n`: shard `index` (0-based) of `count`. */
export interface ShardSpec {
  index: number;
  count: number;
}

/** A job block: every configuration and repeat of one job, and what the plan expects it to take. */
export interface JobBlock {
  job: string;
  runs: PlannedRun[];
  estimateMs: number;
}

/**
 * Cuts a whole campaign's plan into `count` shards by job block, so that every comparison (one
 * job on two configurations) is measured within one host: splitting by configuration would measure
 * the hosts, not the share. Blocks are dealt longest first, each to the shard with the least
 * expected time so far (the lowest index on a tie), on the plan's duration estimates without
 * guest boots (each shard boots its guests once, whatever its blocks). Blocks of equal estimate are
 * taken in an order drawn from the campaign hash, so the split depends on (campaign, count) alone,
 * never on the machine or on --env/--jobs.
 */
export function shardBlocks(full: Plan, hash: string, count: number): JobBlock[][] {
  const byJob = new Map<string, PlannedRun[]>();
  for (const r of full.runs) byJob.set(r.job.name, [...(byJob.get(r.job.name) ?? []), r]);
  // Host envs only: their file operations are counted as free, and no boot is counted.
  const hostEnvs = full.envs.filter((e) => e.kind === 'host');
  const blocks: JobBlock[] = [...byJob].map(([job, runs]) => ({ job, runs, estimateMs: estimateMs(runs, hostEnvs) }));
  const tie = (job: string) => createHash('sha256').update(`${hash}\u0000${job}`).digest('hex');
  blocks.sort((a, b) => b.estimateMs - a.estimateMs || tie(a.job).localeCompare(tie(b.job)) || a.job.localeCompare(b.job));
  const shards: JobBlock[][] = Array.from({ length: count }, () => []);
  const load = new Array<number>(count).fill(0);
  for (const block of blocks) {
    const i = load.indexOf(Math.min(...load));
    shards[i]!.push(block);
    load[i]! += block.estimateMs;
  }
  const order = new Map(full.runs.map((r) => [r.job.name, r.order]));
  for (const s of shards) s.sort((a, b) => order.get(a.job)! - order.get(b.job)!);
  return shards;
}

/**
 * The runs of `plan` (the campaign's plan, perhaps narrowed by --env/--jobs) that belong to shard
 * `spec` of the whole campaign's plan `full`, and the record context.json keeps of it.
 */
export function selectShard(plan: Plan, full: Plan, hash: string, spec: ShardSpec): { plan: Plan; record: ShardRecord } {
  const shards = shardBlocks(full, hash, spec.count);
  const blocks = shards[spec.index]!.map((b) => b.job);
  const mine = new Set(blocks);
  const runs = plan.runs.filter((r) => mine.has(r.job.name));
  const cells = new Set(runs.map((r) => `${r.env}\u0000${r.job.name}`)).size;
  return {
    plan: { campaign: plan.campaign, envs: plan.envs.filter((e) => runs.some((r) => r.env === e.name)), runs, cells },
    record: { index: spec.index, count: spec.count, by: SHARD_BY, blocks, plan_runs: full.runs.length, plan_blocks: shards.flat().length },
  };
}

/**
 * `--shard i/n` as given: two non-negative integers, i < n. `auto` is resolved by the caller from
 * the scheduler's environment.
 */
export function parseShard(text: string, flag = '--shard'): ShardSpec {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || !(count >= 1) || !(index < count) || count > 10000) {
    throw new InputError(message.notAShard(flag, text));
  }
  return { index, count };
}
