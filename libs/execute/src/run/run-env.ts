import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  NO_STACK,
  runDir,
  writeContext,
  type DatasetContext,
  type HostConditions,
  type RunManifest,
  type RunState,
  type StackInfo, lastLines } from '@sharebench/core';
import {
  EnvironmentError,
  markShareDir,
  shareDirOf,
  shareDirProblem,
  type Environment,
  type EnvSpec,
  type Session,
  type SessionInfo,
} from '@sharebench/provision';
import { noiseBetween, sampleHostCpu, type CpuSample } from '@sharebench/host';
import type { Campaign } from '../campaign/types.js';
import type { PlannedRun } from '../plan/build-plan.js';
import { devloopOf, executeRun, treeOf, WorkSizing } from './execute-run.js';
import { recordSemantics } from './run-semantics.js';
import type { ProgressEvents } from './progress.js';
import { removeTestFiles } from './remove-test-files.js';
import { manifest } from './run-manifest.js';
import { runSummary } from './run-summary.js';
import { writeRun } from './write-run.js';
import { isDiskFull, type Reserve } from './disk-full.js';
import { AdaptiveCells } from './adaptive.js';
import { primaryMetric } from './primary-metric.js';
import { message } from '../messages.js';

export interface EnvRunContext {
  dataset: string;
  ctx: DatasetContext;
  campaign: Campaign;
  hash: string;
  orderOf: ReadonlyMap<string, number>;
  scratchRoot: string;
  signal: AbortSignal;
  progress: ProgressEvents;
  /** Runs counted so far, for progress lines; advanced as runs end. */
  count: { done: number };
  /** Set when the campaign must stop (the dataset's filesystem is full): the reason. */
  halt: { reason: string | null };
  /** Room kept for the records of a disk-full stop. */
  reserve: Reserve;
  /** Adaptive repeats' cells (null: fixed repeats, every planned run runs). */
  adaptive: AdaptiveCells | null;
  /** The machine, boot and shard every run.json records. */
  identity: Pick<RunManifest, 'host_id' | 'boot_id' | 'shard'>;
}

/** What one environment's runs took. */
export interface EnvRunOutcome {
  executed: number;
  fioWallMs: number;
  /** Planned runs recorded as not needed (skipped): their cell had converged. */
  notNeeded: number;
}

/**
 * One environment's share of the campaign: unsupported (every run recorded so), or its shared
 * directory judged again and marked as sharebench's -> open (boot, verify; with the tree when a
 * run operates on it) -> each run (layout or tree precondition, drop caches, timed fio or tree
 * operation; its files under raw/runs/) -> close and remove the test files (never the marker). An
 * environment whose share is refused, or that fails to open, fails its runs with the reason.
 */
export async function runEnvironment(
  spec: EnvSpec,
  env: Environment,
  runs: readonly PlannedRun[],
  unsupported: string | null,
  c: EnvRunContext,
  /** Run the semantics probe once, before the runs (its record is not there yet). */
  probe = false,
): Promise<EnvRunOutcome> {
  const outcome: EnvRunOutcome = { executed: 0, fioWallMs: 0, notNeeded: 0 };
  type Output = { stdout: string; stderr: string } | null;
  const record = async (run: PlannedRun, state: RunState, reason: string | null, extra: Partial<RunManifest> = {}, output: Output = null) => {
    const m = manifest(c.campaign, c.hash, env, spec, run, c.orderOf.get(run.id)!, state, reason, { ...c.identity, ...extra });
    try {
      await writeRun(c.dataset, m, output);
    } catch (err) {
      if (!isDiskFull(err)) throw err;
      await recordDiskFull(c, m, err);
    }
  };
  const endWithout = async (state: 'unsupported' | 'failed', reason: string) => {
    for (const run of runs) {
      if (c.halt.reason !== null) break;
      await record(run, state, reason);
      c.progress.runEnd(run, ++c.count.done, { state, wallMs: 0, summary: state === 'unsupported' ? 'unsupported' : `failed: ${reason}` });
    }
  };

  if (unsupported) {
    c.progress.env({ env: spec.name, phase: 'unsupported', detail: unsupported });
    if (probe) await recordSemantics(c.dataset, c.campaign.name, spec.name, { state: 'unsupported', reason: unsupported });
    await endWithout('unsupported', unsupported);
    return outcome;
  }
  c.progress.env({ env: spec.name, phase: 'opening' });
  const logDir = join(c.dataset, 'raw', 'envs', spec.name);
  await mkdir(logDir, { recursive: true });
  const shareProblem = await markShare(spec, c);
  if (shareProblem) {
    c.progress.env({ env: spec.name, phase: 'failed', detail: shareProblem });
    await endWithout('failed', shareProblem);
    return outcome;
  }
  let session: Session;
  try {
    session = await env.open({ logDir, signal: c.signal, tree: treeOf(runs), devloop: devloopOf(runs), semantics: probe });
  } catch (err) {
    const interrupted = c.signal.aborted;
    const reason = interrupted ? message.interruptedWhileOpening() : describeOpenError(err);
    c.progress.env({ env: spec.name, phase: 'failed', detail: reason });
    if (probe && !interrupted) await recordSemantics(c.dataset, c.campaign.name, spec.name, { state: 'failed', reason });
    if (!interrupted) await endWithout('failed', reason);
    return outcome;
  }
  c.progress.env({ env: spec.name, phase: 'open', detail: session.info.mount });
  // What the environment reported about itself goes beside its metadata: kernel, fio, QEMU, ...
  const envRecord = c.ctx.envs.find((e) => e.name === spec.name);
  if (envRecord) envRecord.session = session.info.record;
  try {
    await writeContext(c.dataset, c.ctx);
  } catch (err) {
    if (!isDiskFull(err)) throw err;
    c.halt.reason ??= diskFullReason(c.dataset, err, 'context.json');
  }
  // Adaptive repeats: a converged cell's remaining runs are recorded as not needed, at once (so an
  // interrupt later leaves no run of it looking unfinished) or, after a resume, as they come.
  const notNeeded = new Set<string>();
  const sizing = new WorkSizing();
  const skip = async (run: PlannedRun) => {
    const cell = AdaptiveCells.cellOf(run);
    await rm(join(c.dataset, runDir(run.env, run.job.name, run.repeat)), { recursive: true, force: true });
    const rule = c.adaptive!.rule;
    await record(run, 'skipped', message.notNeeded(cell, c.adaptive!.describe(cell), rule.min, rule.max));
    notNeeded.add(run.id);
    outcome.notNeeded++;
    c.count.done++;
  };
  try {
    if (probe && !c.signal.aborted) {
      c.progress.note(message.semanticsStarting(spec.name));
      const record = await recordSemantics(c.dataset, c.campaign.name, spec.name, session, c.signal);
      const tally = ['ok', 'fails', 'differs', 'unsupported'].map((r) => `${record.rows.filter((x) => x.result === r).length} ${r}`).join(', ');
      c.progress.note(message.semanticsEnded(spec.name, record.state, record.state === 'completed' ? tally : String(record.reason)));
    }
    for (const [i, run] of runs.entries()) {
      if (c.signal.aborted || c.halt.reason !== null) break;
      if (notNeeded.has(run.id)) continue;
      if (c.adaptive?.verdict(AdaptiveCells.cellOf(run)).converged) {
        await skip(run);
        continue;
      }
      c.progress.runStart(run, c.count.done);
      // What an earlier attempt left (an interrupted run's output, a temporary file of a process
      // killed mid-write) never mixes with this run's files.
      await rm(join(c.dataset, runDir(run.env, run.job.name, run.repeat)), { recursive: true, force: true });
      const t0 = performance.now();
      const startedAt = new Date().toISOString();
      let before: CpuSample | null = null;
      const onTimedStart = () => void (before = sampleHostCpu());
      const result = await executeRun(session, run, c.campaign.timeoutMs, c.signal, onTimedStart, sizing);
      const after = before === null ? null : sampleHostCpu();
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
          kernel: session.info.kernel,
          ...sessionStack(session.info, run.job.kind === 'io' ? run.job.direct : null),
          host_conditions: hostConditions(before, after, result.hostCacheDropped),
          work_scale: result.workScale,
        },
        { stdout: result.stdout, stderr: result.stderr },
      );
      outcome.executed++;
      outcome.fioWallMs += result.durationMs;
      if (state === 'interrupted') break;
      const summary = c.halt.reason === null ? runSummary(state, result.stdout, result.reason, run.job.kind) : `failed: ${c.halt.reason}`;
      c.progress.runEnd(run, ++c.count.done, { state, wallMs: performance.now() - t0, summary });
      if (c.adaptive && c.halt.reason === null) {
        const cell = AdaptiveCells.cellOf(run);
        c.adaptive.add(cell, state === 'completed' ? primaryMetric(result.stdout, run.job.kind) : null);
        if (c.adaptive.verdict(cell).converged) {
          const rest = runs.slice(i + 1).filter((r) => AdaptiveCells.cellOf(r) === cell);
          for (const r of rest) await skip(r);
          if (rest.length > 0) c.progress.note(message.cellConverged(cell, c.adaptive.describe(cell), rest.length));
        }
      }
    }
  } finally {
    await session.close();
    await removeTestFiles(spec, c.scratchRoot);
    c.progress.env({ env: spec.name, phase: 'closed' });
  }
  return outcome;
}

/**
 * Judges the environment's share once more (it may have changed since the campaign was checked)
 * and leaves sharebench's marker in it, making it first if need be: the directory is
 * sharebench's from now on. Returns why it cannot be used, or null.
 */
async function markShare(spec: EnvSpec, c: EnvRunContext): Promise<string | null> {
  const share = shareDirOf(spec, c.scratchRoot);
  const verdict = await shareDirProblem(share.dir, { env: spec.name, contents: share.named || c.campaign.scratchDir !== null });
  if (verdict.problem) return verdict.problem;
  try {
    await markShareDir(share.dir, { dataset: resolve(c.dataset), campaign: c.campaign.name });
  } catch (err) {
    return message.cannotPrepareShare(share.dir, (err as Error).message);
  }
  return null;
}

/**
 * A run whose files could not be written for lack of space: what it wrote is removed, the reserve
 * is freed, and a run.json saying so is written in its place (failed: its measurement is lost);
 * then the campaign stops. Should even that not fit, the run stays unrecorded and is redone on resume.
 */
async function recordDiskFull(c: EnvRunContext, m: RunManifest, err: NodeJS.ErrnoException): Promise<void> {
  const dir = runDir(m.env.name, m.job.name, m.repeat);
  await rm(join(c.dataset, dir), { recursive: true, force: true });
  await c.reserve.release();
  const reason = diskFullReason(c.dataset, err, `${dir}/`);
  c.halt.reason ??= reason;
  const lost = message.runOutputLost(reason, dir);
  const failed: RunManifest = { ...m, state: 'failed', reason: lost, stdout_file: null, stderr_file: null };
  await writeRun(c.dataset, failed, null).catch(() => {});
}

function diskFullReason(dataset: string, err: NodeJS.ErrnoException, what: string): string {
  return message.diskFull(message.diskFullErrno(err.code), what, dataset);
}

/** What the host did while the run was timed, for run.json; null when no timed run started. */
function hostConditions(before: CpuSample | null, after: CpuSample | null, cacheDropped: boolean): HostConditions | null {
  if (before === null) return null;
  const noise = after === null ? null : noiseBetween(before, after);
  return {
    load1: before.load1,
    busy_ratio: noise?.busyRatio ?? null,
    cpu_ticks: noise ? { total: noise.ticks.total, busy: noise.ticks.busy, run: noise.ticks.tree } : null,
    cache_dropped: cacheDropped,
  };
}

/**
 * What a run's row says of the software it ran on: the session's mount, accelerator and fio; the
 * daemon, QEMU, guest kernel, and whether O_DIRECT reached the host (`direct` null: a metadata or
 * tree job, for which that does not apply).
 */
function sessionStack(info: SessionInfo, direct: boolean | null): StackInfo {
  const { record } = info;
  const common = { ...NO_STACK, mount: info.mount, accel: info.accel, fio_version: info.fioVersion };
  if (record.kind === 'host') return common;
  const guest = { ...common, qemu_version: record.qemu.version, guest_kernel: record.kernel };
  if (record.kind === '9p') return guest;
  const directIgnored = direct === null ? null : direct && !record.allow_direct_io;
  return { ...guest, daemon: record.daemon.flavour, daemon_version: record.daemon.version, direct_ignored: directIgnored };
}

function describeOpenError(err: unknown): string {
  if (err instanceof EnvironmentError) {
    const tail = lastLines(err.logTail);
    return message.openFailed(err.message, tail, err.logPath);
  }
  return (err as Error)?.message ?? String(err);
}
