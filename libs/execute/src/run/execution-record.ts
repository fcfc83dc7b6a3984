import { runKey, snakeCaseKeys, type DatasetContext, type ExecutionRecord, type PlanEntry } from '@sharebench/core';
import type { AccelRequest } from '@sharebench/core';
import type { Campaign } from '../campaign/types.js';
import type { Plan } from '../plan/build-plan.js';
import { manifestJob } from './run-manifest.js';

/**
 * Records this invocation's campaign and plan in the context's `execution`: runs planned by earlier
 * invocations (other --env/--jobs selections) are kept, this plan's runs are added, all in the
 * campaign's order. Returns whether the plan on record changed.
 */
export function recordExecution(
  ctx: DatasetContext,
  campaign: Campaign,
  hash: string,
  plan: Plan,
  orderOf: ReadonlyMap<string, number>,
  accel: AccelRequest | null,
): boolean {
  const before = JSON.stringify(ctx.execution?.plan ?? null);
  const planned = new Map<string, PlanEntry>((ctx.execution?.plan ?? []).map((p) => [runKey(p.env, p.job.name, p.repeat), p]));
  for (const r of plan.runs) planned.set(r.id, { order: orderOf.get(r.id)!, env: r.env, repeat: r.repeat, job: manifestJob(r) });
  const execution: ExecutionRecord = {
    ...ctx.execution,
    campaign_file: campaign.file,
    campaign_hash: hash,
    campaign: snakeCaseKeys(campaign) as ExecutionRecord['campaign'],
    order: campaign.order,
    seed: campaign.seed,
    plan: [...planned.values()].sort((a, b) => a.order - b.order),
    accel_override: accel,
  };
  ctx.execution = execution;
  return JSON.stringify(execution.plan) !== before;
}
