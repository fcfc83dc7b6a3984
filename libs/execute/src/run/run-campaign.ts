import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { runKey, writeContext, type ExecutionRecord, type PlanEntry, type RunManifest, type RunState } from '@sharebench/core';
import { createEnvironment, EnvironmentError, withAccel, type AccelRequest, type Session } from '@sharebench/provision';
import { preflight } from './preflight.js';
import { openDataset } from './open-dataset.js';
import { doneRuns } from './done-runs.js';
import { removeTestFiles } from './remove-test-files.js';
import { manifest, manifestJob } from './run-manifest.js';
import type { Campaign } from '../campaign/types.js';
import { campaignHash } from '../campaign/load.js';
import { buildPlan, type Plan, type PlannedRun, type Selection } from '../plan/build-plan.js';
import { fioArgs } from '../plan/fio-args.js';
import { estimateMs } from '../plan/estimate.js';
import type { ProgressEvents } from './progress.js';
import { writeRun } from './write-run.js';

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
 *   plan (envs x jobs x repeats, ordered)  ->  per env: support check -> open (boot, verify)
 *     -> per run: layout -> drop caches -> timed fio -> raw/runs/.../{stdout,stderr,run}.json
 *     -> close  ->  context.json (provenance, plan)
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
  const before = JSON.stringify(ctx.execution?.plan ?? null);
  const planned = new Map<string, PlanEntry>((ctx.execution?.plan ?? []).map((p) => [runKey(p.env, p.job.name, p.repeat), p]));
  for (const r of plan.runs) planned.set(r.id, { order: orderOf.get(r.id)!, env: r.env, repeat: r.repeat, job: manifestJob(r) });
  const execution: ExecutionRecord = {
    ...ctx.execution,
    campaign_file: campaign.file,
    campaign_hash: hash,
    campaign: campaign as unknown as ExecutionRecord['campaign'],
    order: campaign.order,
    seed: campaign.seed,
    plan: [...planned.values()].sort((a, b) => a.order - b.order),
    accel_override: options.accel ?? null,
  };
  ctx.execution = execution;

  const scratchRoot = campaign.scratchDir ?? join(options.dataset, 'scratch');
  await preflight(plan, scratchRoot);
  const factory = options.environmentFactory ?? createEnvironment;
  const envs = new Map(plan.envs.map((spec) => [spec.name, factory(withAccel(spec, options.accel ?? null), { scratchRoot, cacheDir: options.cacheDir })]));
  const unsupported = new Map<string, string>();
  for (const [name, env] of envs) {
    const why = await env.unsupportedReason();
    if (why) unsupported.set(name, why);
  }
  const done = await doneRuns(options.dataset, plan.runs, unsupported);
  const todo = plan.runs.filter((r) => !done.has(r.id));
  options.progress.start({ total: plan.runs.length, skipped: done.size, estimateMs: estimateMs(todo, plan.envs, new Set(unsupported.keys())) });
  // A finished campaign run again changes nothing, not even context.json: Nx's cached analyze
  // and report stay valid.
  const changed = todo.length > 0 || JSON.stringify(execution.plan) !== before;
  if (changed) {
    execution.last_started_at = new Date().toISOString();
    await writeContext(options.dataset, ctx);
  }

  let count = done.size;
  let executed = 0;
  let fioWallMs = 0;
  for (const spec of plan.envs) {
    const runs = todo.filter((r) => r.env === spec.name);
    if (runs.length === 0 || options.signal.aborted) continue;
    const env = envs.get(spec.name)!;
    const record = (run: PlannedRun, state: RunState, reason: string | null, extra: Partial<RunManifest> = {}, output: { stdout: string; stderr: string } | null = null) =>
      writeRun(options.dataset, manifest(campaign, hash, env, spec, run, orderOf.get(run.id)!, state, reason, extra), output);

    const why = unsupported.get(spec.name);
    if (why) {
      options.progress.env({ env: spec.name, phase: 'unsupported', detail: why });
      for (const run of runs) {
        await record(run, 'unsupported', why);
        options.progress.runEnd(run, ++count, { state: 'unsupported', wallMs: 0, summary: 'unsupported' });
      }
      continue;
    }
    options.progress.env({ env: spec.name, phase: 'opening' });
    let session: Session;
    const logDir = join(options.dataset, 'raw', 'envs', spec.name);
    await mkdir(logDir, { recursive: true });
    try {
      session = await env.open({ logDir, signal: options.signal });
    } catch (err) {
      const interrupted = options.signal.aborted;
      const reason = interrupted ? 'interrupted while the environment was starting' : describeOpenError(err);
      options.progress.env({ env: spec.name, phase: 'failed', detail: reason });
      if (!interrupted) {
        for (const run of runs) {
          await record(run, 'failed', reason);
          options.progress.runEnd(run, ++count, { state: 'failed', wallMs: 0, summary: `failed: ${reason}` });
        }
      }
      continue;
    }
    options.progress.env({ env: spec.name, phase: 'open', detail: session.info.mount });
    // What the environment reported about itself goes beside its metadata: kernel, fio, QEMU, ...
    const envRecord = ctx.envs.find((e) => e.name === spec.name);
    if (envRecord) envRecord.session = session.info.record;
    await writeContext(options.dataset, ctx);
    try {
      for (const run of runs) {
        if (options.signal.aborted) break;
        options.progress.runStart(run, count);
        const t0 = performance.now();
        const startedAt = new Date().toISOString();
        const result = await session.run({ id: run.id, args: fioArgs(run.job), timeoutMs: campaign.timeoutMs }, options.signal);
        const state: RunState = result.state;
        await record(
          run,
          state,
          result.reason,
          {
            exit_code: result.exitCode,
            command: result.command,
            duration_ms: result.durationMs,
            prepare_ms: result.prepareMs,
            started_at: startedAt,
            stdout_file: 'stdout.json',
            stderr_file: 'stderr.txt',
            mount: session.info.mount,
            accel: session.info.accel,
            kernel: session.info.kernel,
            fio_version: session.info.fioVersion,
          },
          { stdout: result.stdout, stderr: result.stderr },
        );
        executed++;
        fioWallMs += result.durationMs;
        if (state === 'interrupted') break;
        options.progress.runEnd(run, ++count, { state, wallMs: performance.now() - t0, summary: summarizeResult(state, result.stdout, result.reason) });
      }
    } finally {
      await session.close();
      await removeTestFiles(spec, scratchRoot);
      options.progress.env({ env: spec.name, phase: 'closed' });
    }
  }
  if (changed) {
    execution.last_finished_at = new Date().toISOString();
    await writeContext(options.dataset, ctx);
  }
  const wallMs = performance.now() - started;
  options.progress.finish({ done: count, total: plan.runs.length, wallMs, interrupted: options.signal.aborted });
  return { plan, executed, skipped: done.size, interrupted: options.signal.aborted, wallMs, fioWallMs };
}

function describeOpenError(err: unknown): string {
  if (err instanceof EnvironmentError) {
    const tail = err.logTail.trim().split('\n').slice(-1)[0];
    return `${err.message}${tail ? ` (last log line: ${tail.trim()})` : ''}${err.logPath ? `; full log: ${err.logPath}` : ''}`;
  }
  return (err as Error)?.message ?? String(err);
}

/** A short line for progress output: bandwidth of the first job, or the state and reason. */
function summarizeResult(state: RunState, stdout: string, reason: string | null): string {
  if (state !== 'completed') return `${state}${reason ? `: ${reason}` : ''}`;
  const err = /"error"\s*:\s*(\d+)/.exec(stdout);
  if (err && err[1] !== '0') return `fio error ${err[1]}`;
  const bw = [...stdout.matchAll(/"bw_bytes"\s*:\s*(\d+)/g)].map((m) => Number(m[1])).reduce((a, b) => a + b, 0);
  return `ok ${(bw / 1024 / 1024).toFixed(1)} MiB/s`;
}

