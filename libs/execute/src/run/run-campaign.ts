import { join } from 'node:path';
import { writeContext } from '@sharebench/core';
import { createEnvironment, withAccel, type AccelRequest } from '@sharebench/provision';
import { preflight } from './preflight.js';
import { openDataset } from './open-dataset.js';
import { doneRuns } from './done-runs.js';
import type { Campaign } from '../campaign/types.js';
import { campaignHash } from '../campaign/load.js';
import { buildPlan, type Plan, type Selection } from '../plan/build-plan.js';
import { estimateMs } from '../plan/estimate.js';
import type { ProgressEvents } from './progress.js';
import { unsupportedEnvs } from './env-support.js';
import { recordExecution } from './execution-record.js';
import { runEnvironment } from './run-env.js';

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
  /** Builds environments; tests inject faults here, beside the real factory. */
  environmentFactory?: typeof createEnvironment;
}

export interface CampaignOutcome {
  plan: Plan;
  /** Runs executed now, and runs found done from an earlier invocation. */
  executed: number;
  skipped: number;
  interrupted: boolean;
  wallMs: number;
  /** Sum of the timed fio runs' wall time, ms (for overhead figures). */
  fioWallMs: number;
}

/**
 * Executes a campaign into a dataset, resumably:
 *
 *   plan (envs x jobs x repeats, ordered)  ->  execution record (context.json)
 *     -> per env (run-env.ts): support check -> open (boot, verify)
 *        -> per run: layout -> drop caches -> timed fio -> raw/runs/<env>/<job>/r<N>/
 *        -> close
 *
 * Runs already done (same campaign hash, env, job, repeat) are skipped; a dataset of another
 * campaign is refused. An abort stops the current run (its process group is killed), marks it
 * interrupted and keeps everything finished.
 */
export async function runCampaign(campaign: Campaign, options: RunCampaignOptions): Promise<CampaignOutcome> {
  const started = performance.now();
  const hash = campaignHash(campaign);
  const fullPlan = buildPlan(campaign);
  const plan = buildPlan(campaign, options.selection);
  const orderOf = new Map(fullPlan.runs.map((r) => [r.id, r.order]));
  const ctx = await openDataset(options.dataset, campaign, hash, options.tool);
  const planChanged = recordExecution(ctx, campaign, hash, plan, orderOf, options.accel ?? null);

  const scratchRoot = campaign.scratchDir ?? join(options.dataset, 'scratch');
  await preflight(plan, scratchRoot);
  const factory = options.environmentFactory ?? createEnvironment;
  const envs = new Map(plan.envs.map((spec) => [spec.name, factory(withAccel(spec, options.accel ?? null), { scratchRoot, cacheDir: options.cacheDir })]));
  const unsupported = await unsupportedEnvs(envs);
  const done = await doneRuns(options.dataset, plan.runs, unsupported);
  const todo = plan.runs.filter((r) => !done.has(r.id));
  options.progress.start({ total: plan.runs.length, skipped: done.size, estimateMs: estimateMs(todo, plan.envs, new Set(unsupported.keys())) });
  // A finished campaign run again changes nothing, not even context.json: Nx's cached analyze
  // and report stay valid.
  const changed = todo.length > 0 || planChanged;
  if (changed) {
    ctx.execution!.last_started_at = new Date().toISOString();
    await writeContext(options.dataset, ctx);
  }

  const count = { done: done.size };
  let executed = 0;
  let fioWallMs = 0;
  for (const spec of plan.envs) {
    const runs = todo.filter((r) => r.env === spec.name);
    if (runs.length === 0 || options.signal.aborted) continue;
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
    });
    executed += outcome.executed;
    fioWallMs += outcome.fioWallMs;
  }
  if (changed) {
    ctx.execution!.last_finished_at = new Date().toISOString();
    await writeContext(options.dataset, ctx);
  }
  const wallMs = performance.now() - started;
  options.progress.finish({ done: count.done, total: plan.runs.length, wallMs, interrupted: options.signal.aborted });
  return { plan, executed, skipped: done.size, interrupted: options.signal.aborted, wallMs, fioWallMs };
}
