import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEVLOOP_TOOL, type DevloopSpec } from '@sharebench/core';
import { dropHostCaches, runInGroup, which } from '@sharebench/host';
import { findStaticBusybox, GUEST_TOOLS, TOOL_PACKAGES } from '@sharebench/guest-image';
import { DEVLOOP_DIR, ensureDevloopKit, type DevloopKit } from '../devloop/devloop-kit.js';
import { devloopFailure } from '../devloop/devloop-result.js';
import type { DevloopRunRequest, FioRunResult } from '../types.js';
import { busyboxToolPath } from './tool-path.js';
import { message } from '../messages.js';

/** What a host session needs for developer loops: the kit, and a private directory with the PATH devloop.sh runs with. */
export interface HostDevloop {
  kit: DevloopKit;
  busybox: string;
  /** devloop.sh's state directory and the PATH directory (`bin/`) under it; removed by close(). */
  root: string;
  env: Record<string, string>;
  /** Tools the host lacks, with what to install: a run that needs one fails with it. */
  missing: ReadonlyMap<string, string>;
  close(): Promise<void>;
}

/**
 * The kit of `spec` and a PATH of busybox's applets with the host's git and sqlite3: devloop.sh
 * then runs the same programs here as in a guest (which carries these same binaries).
 */
export async function openHostDevloop(spec: DevloopSpec, cacheDir: string): Promise<HostDevloop> {
  const [kit, busybox] = await Promise.all([ensureDevloopKit(spec, cacheDir), findStaticBusybox()]);
  const root = await mkdtemp(join(tmpdir(), 'sharebench-devloop-'));
  const programs: Record<string, string> = {};
  const missing = new Map<string, string>();
  for (const tool of GUEST_TOOLS) {
    const path = await which(tool);
    if (path) programs[tool] = path;
    else missing.set(tool, message.devloopToolMissingOnHost(tool, TOOL_PACKAGES[tool]));
  }
  const bin = await busyboxToolPath(join(root, 'bin'), busybox, programs);
  return { kit, busybox, root, env: { PATH: bin }, missing, close: () => rm(root, { recursive: true, force: true }) };
}

/**
 * One developer-loop operation in `dir` on the host, as a guest's init does it: devloop.sh's
 * prepare phase, then the host's caches dropped, then its run phase (which times the tool itself).
 */
export async function runDevloopOnHost(dir: string, devloop: HostDevloop, request: DevloopRunRequest, signal?: AbortSignal): Promise<FioRunResult> {
  const started = performance.now();
  const deadline = started + request.timeoutMs;
  const remaining = () => Math.max(1000, deadline - performance.now());
  const args = (phase: 'prepare' | 'run') =>
    ['sh', devloop.kit.script, phase, request.op, join(dir, DEVLOOP_DIR), devloop.kit.dir, join(devloop.root, 'state')];
  const command = [devloop.busybox, ...args('run')];
  const base = { exitCode: null, stdout: '', stderr: '', command, durationMs: 0, prepareMs: 0, hostCacheDropped: false };
  const missing = devloop.missing.get(DEVLOOP_TOOL[request.op]);
  if (missing) return { ...base, state: 'failed', reason: message.devloopCannotRun(request.op, missing) };
  const script = (phase: 'prepare' | 'run') =>
    runInGroup(devloop.busybox, args(phase), { timeoutMs: remaining(), signal, env: devloop.env, cwd: devloop.root });

  const prepared = await script('prepare');
  if (prepared.stopped) {
    return { ...base, state: prepared.stopped, reason: message.stoppedWhilePreparing(prepared.stopped, request.op) };
  }
  const prepareFailure = devloopFailure(request.op, { phase: 'prepare', exitCode: prepared.exitCode, output: prepared.stderr || prepared.stdout });
  if (prepareFailure) return { ...base, state: 'failed', exitCode: prepared.exitCode, stderr: prepared.stderr, reason: prepareFailure };
  const hostCacheDropped = await dropHostCaches();
  const prepareMs = performance.now() - started;
  request.onTimedStart?.();

  const run = await script('run');
  const times = { durationMs: run.durationMs, prepareMs, hostCacheDropped };
  if (run.stopped) {
    const reason = run.stopped === 'interrupted' ? message.interrupted() : message.devloopTimedOut(request.op, request.timeoutMs);
    return { ...base, ...times, state: run.stopped, stderr: run.stderr, reason };
  }
  const reason = devloopFailure(request.op, { phase: 'run', exitCode: run.exitCode, output: run.stderr || run.stdout });
  return { ...base, ...times, exitCode: run.exitCode, stdout: run.stdout, stderr: run.stderr, state: reason ? 'failed' : 'completed', reason };
}
