import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeContext, type DatasetContext, type RunManifest, type RunState, type SessionRecord } from '@sharebench/core';
import { EnvironmentError, type Environment, type EnvSpec, type Session } from '@sharebench/provision';
import type { Campaign } from '../campaign/types.js';
import type { PlannedRun } from '../plan/build-plan.js';
import { executeRun, treeOf } from './execute-run.js';
import type { ProgressEvents } from './progress.js';
import { removeTestFiles } from './remove-test-files.js';
import { manifest } from './run-manifest.js';
import { runSummary } from './run-summary.js';
import { writeRun } from './write-run.js';

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
}

/** What one environment's runs took. */
export interface EnvRunOutcome {
  executed: number;
  fioWallMs: number;
}

/**
 * One environment's share of the campaign: unsupported (every run recorded so), or open (boot,
 * verify; with the tree when a run operates on it) -> each run (layout or tree precondition, drop
 * caches, timed fio or tree operation; its files under raw/runs/) -> close and remove the test
 * files. An environment that fails to open fails its runs with the reason.
 */
export async function runEnvironment(
  spec: EnvSpec,
  env: Environment,
  runs: readonly PlannedRun[],
  unsupported: string | null,
  c: EnvRunContext,
): Promise<EnvRunOutcome> {
  const outcome: EnvRunOutcome = { executed: 0, fioWallMs: 0 };
  const record = (
    run: PlannedRun,
    state: RunState,
    reason: string | null,
    extra: Partial<RunManifest> = {},
    output: { stdout: string; stderr: string } | null = null,
  ) =>
    writeRun(c.dataset, manifest(c.campaign, c.hash, env, spec, run, c.orderOf.get(run.id)!, state, reason, extra), output);
  const endWithout = async (state: 'unsupported' | 'failed', reason: string) => {
    for (const run of runs) {
      await record(run, state, reason);
      c.progress.runEnd(run, ++c.count.done, { state, wallMs: 0, summary: state === 'unsupported' ? 'unsupported' : `failed: ${reason}` });
    }
  };

  if (unsupported) {
    c.progress.env({ env: spec.name, phase: 'unsupported', detail: unsupported });
    await endWithout('unsupported', unsupported);
    return outcome;
  }
  c.progress.env({ env: spec.name, phase: 'opening' });
  const logDir = join(c.dataset, 'raw', 'envs', spec.name);
  await mkdir(logDir, { recursive: true });
  let session: Session;
  try {
    session = await env.open({ logDir, signal: c.signal, tree: treeOf(runs) });
  } catch (err) {
    const interrupted = c.signal.aborted;
    const reason = interrupted ? 'interrupted while the environment was starting' : describeOpenError(err);
    c.progress.env({ env: spec.name, phase: 'failed', detail: reason });
    if (!interrupted) await endWithout('failed', reason);
    return outcome;
  }
  c.progress.env({ env: spec.name, phase: 'open', detail: session.info.mount });
  // What the environment reported about itself goes beside its metadata: kernel, fio, QEMU, ...
  const envRecord = c.ctx.envs.find((e) => e.name === spec.name);
  if (envRecord) envRecord.session = session.info.record;
  await writeContext(c.dataset, c.ctx);
  try {
    for (const run of runs) {
      if (c.signal.aborted) break;
      c.progress.runStart(run, c.count.done);
      const t0 = performance.now();
      const startedAt = new Date().toISOString();
      const result = await executeRun(session, run, c.campaign.timeoutMs, c.signal);
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
          ...stackOf(session.info.record, run.job.kind === 'io' ? run.job.direct : null),
        },
        { stdout: result.stdout, stderr: result.stderr },
      );
      outcome.executed++;
      outcome.fioWallMs += result.durationMs;
      if (state === 'interrupted') break;
      c.progress.runEnd(run, ++c.count.done, { state, wallMs: performance.now() - t0, summary: runSummary(state, result.stdout, result.reason, run.job.kind) });
    }
  } finally {
    await session.close();
    await removeTestFiles(spec, c.scratchRoot);
    c.progress.env({ env: spec.name, phase: 'closed' });
  }
  return outcome;
}

/**
 * What a run's row says of the software it ran on: daemon, QEMU, guest kernel, and whether O_DIRECT
 * reached the host (`direct` null: a metadata or tree job, for which that does not apply).
 */
function stackOf(
  record: SessionRecord,
  direct: boolean | null,
): Pick<RunManifest, 'daemon' | 'daemon_version' | 'qemu_version' | 'guest_kernel' | 'direct_ignored'> {
  if (record.kind === 'host') return { daemon: null, daemon_version: null, qemu_version: null, guest_kernel: null, direct_ignored: null };
  const guest = { qemu_version: record.qemu.version, guest_kernel: record.kernel };
  if (record.kind === '9p') return { ...guest, daemon: null, daemon_version: null, direct_ignored: null };
  const directIgnored = direct === null ? null : direct && !record.allow_direct_io;
  return { ...guest, daemon: record.daemon.flavour, daemon_version: record.daemon.version, direct_ignored: directIgnored };
}

function describeOpenError(err: unknown): string {
  if (err instanceof EnvironmentError) {
    const tail = err.logTail.trim().split('\n').slice(-1)[0];
    return `${err.message}${tail ? ` (last log line: ${tail.trim()})` : ''}${err.logPath ? `; full log: ${err.logPath}` : ''}`;
  }
  return (err as Error)?.message ?? String(err);
}
