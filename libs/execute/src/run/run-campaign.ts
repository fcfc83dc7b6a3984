import { join, resolve } from 'node:path';
import { InputError, writeContext, type RunState } from '@sharebench/core';
import { createEnvironment, withAccel } from '@sharebench/provision';
import type { AccelRequest } from '@sharebench/core';
import { preflight } from './preflight.js';
import { openDataset } from './open-dataset.js';
import { doneRuns } from './done-runs.js';
import { adaptiveRule, type Campaign } from '../campaign/types.js';
import { AdaptiveCells } from './adaptive.js';
import { campaignHash } from '../campaign/load.js';
import { checkShares } from '../campaign/check-shares.js';
import { buildPlan, type Plan, type Selection } from '../plan/build-plan.js';
import { estimateMs } from '../plan/estimate.js';
import type { ProgressEvents } from './progress.js';
import { unsupportedEnvs } from './env-support.js';
import { recordExecution } from './execution-record.js';
import { runEnvironment } from './run-env.js';
import { isDiskFull, Reserve } from './disk-full.js';
import { killLeftovers } from './leftovers.js';
import { semanticsDone } from './run-semantics.js';
import { selectShard, type ShardSpec } from '../plan/shard.js';
import { checkShard, identifyHost, recordHost } from './host-record.js';
import { message } from '../messages.js';

export interface RunCampaignOptions {
  /** Dataset directory: context.json, raw/, results/ (the campaign's own directory by default). */
  dataset: string;
  selection: Selection;
  signal: AbortSignal;
  progress: ProgressEvents;
  tool: { version: string; git_commit: string | null };
  /** Cache for built artifacts (the guest image). */
  cacheDir: string;
  /** `--accel`: overrides every guest's accelerator (recorded in context.json; not part of the campaign hash). */
  accel?: AccelRequest | null;
  /** `--shard i/n`: run only this shard's job blocks of the whole campaign's plan (plan/shard.ts). */
  shard?: ShardSpec | null;
  /** Builds environments; tests inject faults here, beside the real factory. */
  environmentFactory?: typeof createEnvironment;
  /**
   * Called once, before anything is measured, when there is something to measure (a run or a
   * semantics probe not done yet): the CLI takes the host's measurement lock there, so a campaign
   * already finished never waits for, or is refused by, another one measuring.
   */
  beforeMeasuring?: () => Promise<void>;
}

export interface CampaignOutcome {
  plan: Plan;
  /** Runs executed now. */
  executed: number;
  /** Runs found done by an earlier invocation (resume), not run again. */
  alreadyDone: number;
  interrupted: boolean;
  wallMs: number;
  /** Sum of the timed fio runs' wall time, ms (for overhead figures). */
  fioWallMs: number;
  /** Why the campaign stopped before its end (the dataset's filesystem filled up), or null. */
  stopped: string | null;
  /** Planned runs not needed: their cell converged first (adaptive repeats). */
  notNeeded: number;
}

/**
 * Executes a campaign into a dataset, resumably:
 *
 *   plan (envs x jobs x repeats, ordered)  ->  shares judged  ->  execution record (context.json)
 *     -> per env (run-env.ts): support check -> share marked -> open (boot, verify)
 *        -> per run: layout -> drop caches -> timed fio -> raw/runs/<env>/<job>/r<N>/
 *        -> close
 *
 * Runs already done (same campaign hash, env, job, repeat) are not run again; a dataset of another
 * campaign is refused; processes an earlier, killed sharebench left in the dataset are killed
 * first. An abort stops the current run (its process group is killed), marks it interrupted and
 * keeps everything finished. A dataset whose filesystem fills up stops the campaign: the run
 * that could not be written is failed with the reason, everything before it is kept.
 */
export async function runCampaign(campaign: Campaign, options: RunCampaignOptions): Promise<CampaignOutcome> {
  const started = performance.now();
  const hash = campaignHash(campaign);
  const fullPlan = buildPlan(campaign);
  const selected = buildPlan(campaign, options.selection);
  const sharded = options.shard ? selectShard(selected, fullPlan, hash, options.shard) : null;
  const plan = sharded?.plan ?? selected;
  const orderOf = new Map(fullPlan.runs.map((r) => [r.id, r.order]));
  const scratchRoot = campaign.scratchDir ?? join(options.dataset, 'scratch');
  // Judged again with the dataset known (its own scratch), before the dataset is touched.
  await checkShares(campaign, scratchRoot);
  const ctx = await openDataset(options.dataset, campaign, hash, options.tool);
  checkShard(ctx, options.dataset, sharded?.record ?? null);
  const planChanged = recordExecution(ctx, campaign, hash, plan, orderOf, options.accel ?? null);

  const host = await identifyHost(plan, scratchRoot);
  const identity = { host_id: host.host_id, boot_id: host.boot_id, shard: sharded?.record.index ?? null };
  await preflight(plan, scratchRoot);
  const factory = options.environmentFactory ?? createEnvironment;
  const envs = new Map(plan.envs.map((spec) => [spec.name, factory(withAccel(spec, options.accel ?? null), { scratchRoot, cacheDir: options.cacheDir })]));
  const unsupported = await unsupportedEnvs(envs);
  const done = await doneRuns(options.dataset, plan.runs, unsupported);
  const adaptive = await adaptiveCells(campaign, options.dataset, plan, done);
  const todo = plan.runs.filter((r) => !done.has(r.id));
  // The semantics probe runs once per environment of the plan, until it has its record.
  const probeTodo = new Set<string>();
  if (campaign.semantics) for (const e of plan.envs) if (!(await semanticsDone(options.dataset, e.name))) probeTodo.add(e.name);
  if (todo.length > 0 || probeTodo.size > 0) await options.beforeMeasuring?.();
  options.progress.start({ total: plan.runs.length, alreadyDone: done.size, estimateMs: estimateMs(todo, plan.envs, new Set(unsupported.keys())) });
  // A finished campaign run again changes nothing, not even context.json: Nx's cached analyze
  // and report stay valid.
  const changed = todo.length > 0 || probeTodo.size > 0 || planChanged;
  if (changed) {
    ctx.execution!.last_started_at = new Date().toISOString();
    ctx.execution!.stopped = null;
    if (sharded) ctx.shard = sharded.record;
    recordHost(ctx, host, ctx.execution!.last_started_at);
    await writeContext(options.dataset, ctx);
  }
  if (todo.length > 0 || probeTodo.size > 0) {
    // The dataset's own scratch directory is sharebench's alone; one the campaign names may be shared.
    const named = [campaign.scratchDir, ...plan.envs.map((e) => (e.kind === 'host' ? e.dir : e.sharedDir))].filter((x): x is string => x !== null);
    const owned = campaign.scratchDir === null ? [options.dataset, scratchRoot] : [options.dataset];
    for (const p of await killLeftovers(owned.map((x) => resolve(x)), named.map((x) => resolve(x)))) {
      options.progress.note(message.killedLeftover(p));
    }
  }

  const count = { done: done.size };
  const halt = { reason: null as string | null };
  let executed = 0;
  let fioWallMs = 0;
  let notNeededNow = 0;
  const reserve = todo.length > 0 || probeTodo.size > 0 ? await reserveSpace(options.dataset) : null;
  try {
    for (const spec of plan.envs) {
      const runs = todo.filter((r) => r.env === spec.name);
      const probe = probeTodo.has(spec.name);
      if ((runs.length === 0 && !probe) || options.signal.aborted || halt.reason !== null) continue;
      const outcome = await runEnvironment(spec, envs.get(spec.name)!, runs, unsupported.get(spec.name) ?? null, {
        dataset: options.dataset,
        ctx,
        campaign,
        hash,
        orderOf,
        scratchRoot,
        signal: options.signal,
        progress: options.progress,
        count,
        halt,
        reserve: reserve!,
        adaptive,
        identity,
      }, probe);
      executed += outcome.executed;
      fioWallMs += outcome.fioWallMs;
      notNeededNow += outcome.notNeeded;
    }
  } finally {
    await reserve?.release();
  }
  if (changed) {
    ctx.execution!.last_finished_at = new Date().toISOString();
    if (halt.reason !== null) ctx.execution!.stopped = { at: ctx.execution!.last_finished_at, reason: halt.reason };
    // A full filesystem keeps the context as it was written last: still whole, and readable.
    await writeContext(options.dataset, ctx).catch((err) => {
      if (!isDiskFull(err)) throw err;
    });
  }
  if (halt.reason !== null) options.progress.note(halt.reason);
  const wallMs = performance.now() - started;
  options.progress.finish({ done: count.done, total: plan.runs.length, wallMs, interrupted: options.signal.aborted });
  const notNeeded = [...done.values()].filter((s) => s === 'skipped').length + notNeededNow;
  return { plan, executed, alreadyDone: done.size, interrupted: options.signal.aborted, wallMs, fioWallMs, stopped: halt.reason, notNeeded };
}

/**
 * Adaptive repeats' state from the runs found done; a run skipped earlier whose cell is no
 * longer converged (a stricter cv, a larger min) is run after all. Null for fixed repeats.
 */
async function adaptiveCells(campaign: Campaign, dataset: string, plan: Plan, done: Map<string, RunState>): Promise<AdaptiveCells | null> {
  const rule = adaptiveRule(campaign.repeats);
  if (!rule) return null;
  const cells = new AdaptiveCells(rule);
  await cells.load(dataset, plan.runs, done);
  for (const r of plan.runs) {
    if (done.get(r.id) === 'skipped' && !cells.verdict(AdaptiveCells.cellOf(r)).converged) done.delete(r.id);
  }
  return cells;
}


/** The reserve (disk-full.ts); a filesystem too full for it is refused before anything runs. */
async function reserveSpace(dataset: string): Promise<Reserve> {
  try {
    return await Reserve.create(dataset);
  } catch (err) {
    if (!isDiskFull(err)) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(message.datasetFull(dataset, code), { cause: err });
  }
}
