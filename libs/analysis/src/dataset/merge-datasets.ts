import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import {
  CONTEXT_FILE,
  CONTEXT_SCHEMA,
  FleetMode,
  hostProvenance,
  InputError,
  isFleetMode,
  readContext,
  runKey,
  RunStatus,
  upgradeContext,
  type DatasetContext,
  type EnvRecord,
  type HostRecord,
  type MergeInput,
  type PlanEntry,
} from '@sharebench/core';
import type { RunRow } from '../schema.js';
import { computeTablesOf } from './analyze.js';
import type { Tables } from './write-results.js';
import { message } from '../messages.js';

export interface MergeOptions {
  /** The merged dataset's directory (inputs are referenced relative to it). */
  out: string;
  /** `--mode`; else the campaign's `mode`; else shard when the inputs are shards, replicate when none is. */
  mode?: FleetMode | null;
  tool: { version: string; git_commit: string | null };
}

/** What one input holds and what it lacks, after its runs are read. */
export interface MergedInput {
  input: MergeInput;
  /** Run rows read from it, by status. */
  rows: Record<string, number>;
}

export interface Merged {
  ctx: DatasetContext;
  tables: Tables;
  inputs: MergedInput[];
  /** Why the merge is incomplete, one line each (a missing shard, a shard with failed or unfinished runs); empty when complete. */
  problems: string[];
}

interface Loaded {
  given: string;
  dir: string;
  ctx: DatasetContext;
  sha256: string;
}

/**
 * `sharebench merge`: checks that the inputs are datasets of one campaign (the same campaign hash)
 * that fit together, and builds the merged dataset in memory: its context (every input referenced,
 * every host recorded) and its tables recomputed from the inputs' raw/ files, with host_id on every
 * row. Refused (InputError, nothing written): inputs of different campaigns, a shard given twice,
 * shards of different splits, shards whose runs overlap, one host_id with two fingerprints, a host
 * given twice in replicate mode. Incomplete (written all the same, `problems` says what): a missing
 * shard, an input with failed or unfinished runs.
 */
export async function mergeDatasets(givenInputs: readonly string[], options: MergeOptions): Promise<Merged> {
  if (givenInputs.length === 0) throw new InputError(message.noMergeInputs());
  const out = resolve(options.out);
  const loaded: Loaded[] = [];
  for (const given of givenInputs) {
    const dir = resolve(given);
    if (dir === out || out.startsWith(dir + sep) || dir.startsWith(out + sep)) {
      throw new InputError(message.mergeOverlapsOut(options.out, given));
    }
    if (loaded.some((l) => l.dir === dir)) throw new InputError(message.mergeGivenTwice(given));
    loaded.push(await load(given, dir));
  }
  const first = loaded[0]!;
  const hash = first.ctx.execution!.campaign_hash;
  for (const l of loaded) {
    const h = l.ctx.execution!.campaign_hash;
    if (h !== hash) {
      throw new InputError(message.mergeOtherCampaign(l.given, l.ctx.campaign, h, first.given, first.ctx.campaign, hash));
    }
  }
  const mode = modeOf(loaded, options.mode ?? null);
  const hosts = checkHosts(loaded, mode);
  const shardProblems = mode === FleetMode.shard ? checkShards(loaded) : [];

  const inputs: MergeInput[] = loaded.map((l) => ({
    path: relative(out, l.dir) || '.',
    given: l.given,
    campaign_hash: hash,
    shard: l.ctx.shard?.index ?? null,
    host_ids: (l.ctx.hosts ?? []).map((h) => h.host_id).filter((id, i, all) => all.indexOf(id) === i),
    context_sha256: l.sha256,
    runs: 0,
    problem: null,
  }));
  const now = new Date().toISOString();
  const ctx: DatasetContext = {
    schema: CONTEXT_SCHEMA,
    campaign: first.ctx.campaign,
    created_at: now,
    updated_at: now,
    sharebench: options.tool,
    host: hostProvenance(),
    envs: mergedEnvs(loaded),
    imports: [],
    pairs: mergedPairs(loaded),
    execution: { ...first.ctx.execution!, plan: mergedPlan(loaded), stopped: null, ...lastTimes(loaded) },
    host_id: null,
    hosts,
    scheduler: null,
    shard: null,
    merge: { mode, merged_at: now, inputs, missing_shards: shardProblems.flatMap((p) => (p.missing === null ? [] : [p.missing])) },
  };
  const tables = await computeTablesOf(out, ctx);
  const merged = countRows(inputs, tables.runs);
  const problems = [...shardProblems.map((p) => p.text)];
  for (const m of merged) {
    const l = loaded.find((x) => x.given === m.input.given)!;
    const planned = l.ctx.execution!.plan.length;
    const notOk = (m.rows[RunStatus.failed] ?? 0) + (m.rows[RunStatus.interrupted] ?? 0);
    const what = mode === FleetMode.shard ? message.mergeShardLabel(m.input.shard) : message.mergeHostLabel(m.input.host_ids);
    const reasons: string[] = [];
    const unfinished = m.rows[RunStatus.interrupted];
    const failed = m.rows[RunStatus.failed];
    if (unfinished) reasons.push(message.mergeRowsNotFinished(unfinished));
    if (failed) reasons.push(message.mergeRowsFailed(failed));
    const expected = expectedRuns(l);
    if (planned < expected) reasons.push(message.mergeNeverPlanned(expected - planned));
    if (notOk > 0 || reasons.length > 0) {
      m.input.problem = reasons.join(', ');
      problems.push(message.mergeInputIncomplete(what, m.input.given, m.input.problem));
    }
  }
  return { ctx, tables, inputs: merged, problems };
}

async function load(given: string, dir: string): Promise<Loaded> {
  let text: string;
  try {
    text = await readFile(join(dir, CONTEXT_FILE), 'utf8');
  } catch {
    await readContext(dir); // the usual "not a sharebench dataset" message
    throw new InputError(message.mergeCannotReadContext(given, CONTEXT_FILE));
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new InputError(message.mergeContextNotJson(join(given, CONTEXT_FILE), (err as Error).message), { cause: err });
  }
  const ctx = upgradeContext(raw, join(given, CONTEXT_FILE));
  if (ctx.merge) {
    throw new InputError(message.mergeOfMerged(given, ctx.merge.inputs.map((i) => i.given)));
  }
  if (!ctx.execution) {
    throw new InputError(message.mergeOfImported(given));
  }
  return { given, dir, ctx, sha256: createHash('sha256').update(text).digest('hex') };
}

function modeOf(loaded: readonly Loaded[], asked: FleetMode | null): FleetMode {
  const sharded = loaded.filter((l) => l.ctx.shard);
  const fromCampaign = loaded[0]!.ctx.execution!.campaign['mode'];
  const mode = asked ?? (isFleetMode(fromCampaign) ? fromCampaign : sharded.length > 0 ? FleetMode.shard : FleetMode.replicate);
  const why = asked ? message.modeFromFlag() : isFleetMode(fromCampaign) ? message.modeFromCampaign() : message.modeFromInputs();
  if (mode === FleetMode.shard) {
    const whole = loaded.find((l) => !l.ctx.shard);
    if (whole) {
      throw new InputError(message.mergeWholeInShardMode(whole.given, why));
    }
  } else {
    const shard = sharded[0];
    if (shard) {
      throw new InputError(message.mergeShardInReplicateMode(shard.given, shard.ctx.shard!.index, shard.ctx.shard!.count, why));
    }
  }
  return mode;
}

/**
 * Every machine of every input, once. One host_id with two fingerprints is refused: machines cloned
 * from one image (same hostname and machine-id) that nothing else tells apart, or a machine that
 * changed (kernel, tools) between its runs. In replicate mode a host is one replica: given twice is refused.
 */
function checkHosts(loaded: readonly Loaded[], mode: FleetMode): HostRecord[] {
  const hosts: HostRecord[] = [];
  const seenIn = new Map<string, string>();
  for (const l of loaded) {
    const own = l.ctx.hosts ?? [];
    if (own.length === 0 && mode === FleetMode.replicate) {
      throw new InputError(message.mergeNoHostId(l.given));
    }
    for (const h of own) {
      const other = hosts.find((x) => x.host_id === h.host_id);
      if (other && other.fingerprint_sha256 !== h.fingerprint_sha256) {
        throw new InputError(message.mergeTwoFingerprints(h.host_id, seenIn.get(h.host_id), describeFingerprint(other), l.given, describeFingerprint(h)));
      }
      if (other && mode === FleetMode.replicate && seenIn.get(h.host_id) !== l.given) {
        throw new InputError(message.mergeHostTwice(h.host_id, seenIn.get(h.host_id), l.given));
      }
      if (!other) {
        hosts.push(structuredClone(h));
        seenIn.set(h.host_id, l.given);
      } else {
        for (const b of h.boot_ids) if (!other.boot_ids.includes(b)) other.boot_ids.push(b);
        for (const s of h.schedulers) if (!other.schedulers.some((x) => JSON.stringify(x) === JSON.stringify(s))) other.schedulers.push(s);
        if (h.first_seen_at < other.first_seen_at) other.first_seen_at = h.first_seen_at;
        if (h.last_seen_at > other.last_seen_at) other.last_seen_at = h.last_seen_at;
      }
    }
  }
  return hosts;
}

function describeFingerprint(h: HostRecord): string {
  const f = h.fingerprint;
  const parts = ['cpu_model', 'cpus', 'memory_bytes', 'kernel'].filter((k) => f[k] !== undefined).map((k) => `${k} ${JSON.stringify(f[k])}`);
  return `${parts.join(', ')}; sha256 ${h.fingerprint_sha256.slice(0, 12)}`;
}

interface ShardProblem {
  missing: number | null;
  text: string;
}

/** Shards of one split, each once, disjoint; a missing one is a problem (the merge is written, and exits 1). */
function checkShards(loaded: readonly Loaded[]): ShardProblem[] {
  const count = loaded[0]!.ctx.shard!.count;
  const byIndex = new Map<number, Loaded>();
  for (const l of loaded) {
    const s = l.ctx.shard!;
    if (s.count !== count) {
      const first = message.mergeShardOf(loaded[0]!.given, loaded[0]!.ctx.shard!.index, count);
      throw new InputError(message.mergeOtherSplit(l.given, s.index, s.count, first));
    }
    const twin = byIndex.get(s.index);
    if (twin) throw new InputError(message.mergeShardTwice(s.index, count, twin.given, l.given));
    byIndex.set(s.index, l);
  }
  // Disjoint: no run (env/job/repeat) planned in two shards, no job block in two shards.
  const owner = new Map<string, string>();
  for (const l of loaded) {
    for (const job of l.ctx.shard!.blocks) {
      const other = owner.get(`job\u0000${job}`);
      if (other) {
        throw new InputError(message.mergeJobInTwoShards(job, other, l.given));
      }
      owner.set(`job\u0000${job}`, l.given);
    }
    for (const p of l.ctx.execution!.plan) {
      const key = runKey(p.env, p.job.name, p.repeat);
      const other = owner.get(key);
      if (other) throw new InputError(message.mergeRunInTwoShards(key, other, l.given));
      owner.set(key, l.given);
    }
  }
  const allJobs = campaignJobs(loaded[0]!.ctx);
  const covered = new Set(loaded.flatMap((l) => l.ctx.shard!.blocks));
  const uncovered = allJobs.filter((j) => !covered.has(j));
  const problems: ShardProblem[] = [];
  for (let i = 0; i < count; i++) {
    if (byIndex.has(i)) continue;
    problems.push({ missing: i, text: message.mergeShardMissing(i, count, message.mergeJobsNotMerged(uncovered)) });
  }
  return problems;
}

/** The campaign's jobs (its matrix's cells), from the normalized campaign the execution recorded. */
function campaignJobs(ctx: DatasetContext): string[] {
  const cells = ctx.execution!.campaign['cells'];
  if (!Array.isArray(cells)) return [];
  return [...new Set((cells as Array<{ job?: unknown }>).map((c) => String(c.job)))];
}

/** The runs an input's plan must hold: its campaign's cells (a shard: its blocks' cells) x the repeats the plan counts. */
function expectedRuns(l: Loaded): number {
  const cells = l.ctx.execution!.campaign['cells'];
  if (!Array.isArray(cells)) return l.ctx.execution!.plan.length;
  const repeats = l.ctx.execution!.campaign.repeats;
  const perCell = typeof repeats === 'number' ? repeats : repeats.max;
  const blocks = l.ctx.shard ? new Set(l.ctx.shard.blocks) : null;
  return (cells as Array<{ job?: unknown }>).filter((c) => blocks === null || blocks.has(String(c.job))).length * perCell;
}

function mergedEnvs(loaded: readonly Loaded[]): EnvRecord[] {
  const envs: EnvRecord[] = [];
  for (const l of loaded) for (const e of l.ctx.envs) if (!envs.some((x) => x.name === e.name)) envs.push(e);
  return envs;
}

function mergedPairs(loaded: readonly Loaded[]): DatasetContext['pairs'] {
  const pairs: DatasetContext['pairs'] = [];
  for (const l of loaded) {
    for (const p of l.ctx.pairs) if (!pairs.some((q) => q.candidate === p.candidate && q.baseline === p.baseline)) pairs.push(p);
  }
  return pairs;
}

function mergedPlan(loaded: readonly Loaded[]): PlanEntry[] {
  const plan = new Map<string, PlanEntry>();
  for (const l of loaded) for (const p of l.ctx.execution!.plan) plan.set(runKey(p.env, p.job.name, p.repeat), p);
  return [...plan.values()].sort((a, b) => a.order - b.order);
}

function lastTimes(loaded: readonly Loaded[]) {
  const max = (k: 'last_started_at' | 'last_finished_at') =>
    loaded.map((l) => l.ctx.execution![k]).filter((x): x is string => typeof x === 'string').sort().at(-1);
  const started = max('last_started_at');
  const finished = max('last_finished_at');
  return { ...(started ? { last_started_at: started } : {}), ...(finished ? { last_finished_at: finished } : {}) };
}

/** Each input's rows by status, found by the source_file prefix the merge gave them. */
function countRows(inputs: MergeInput[], runs: readonly RunRow[]): MergedInput[] {
  const out = inputs.map((input) => ({ input, rows: {} as Record<string, number>, runs: new Set<string>() }));
  const byPrefix = new Map(out.map((o) => [`${o.input.path}/`, o]));
  for (const r of runs) {
    const slash = r.source_file.indexOf('/raw/');
    const o = byPrefix.get(r.source_file.slice(0, slash + 1));
    if (!o) continue;
    o.rows[r.status] = (o.rows[r.status] ?? 0) + 1;
    o.runs.add(runKey(r.env, r.job, r.repeat));
  }
  return out.map((o) => {
    o.input.runs = o.runs.size;
    return { input: o.input, rows: o.rows };
  });
}
