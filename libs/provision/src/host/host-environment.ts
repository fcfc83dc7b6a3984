import { mkdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { FsKind, type EnvMeta, lastLines, oneLine } from '@sharebench/core';
import type { HostEnvSpec, EnvContext } from '../spec.js';
import {
  EnvironmentError,
  type Environment,
  type FioRunRequest,
  type FioRunResult,
  type OpenOptions,
  type Session,
  type SessionInfo,
} from '../types.js';
import { runInGroup, mountOf, dropHostCaches } from '@sharebench/host';
import { assertEnvSpec } from '../spec-problems.js';
import { laidOut } from './laid-out.js';
import { runTreeOnHost, type HostTree } from './host-tree.js';
import { openHostDevloop, runDevloopOnHost, type HostDevloop } from './host-devloop.js';
import { buildProbe } from '../semantics/build-probe.js';
import { runSemanticsOnHost } from '../semantics/semantics-run.js';
import { ensureTreeArchives } from '../tree/tree-tarball.js';
import { findStaticBusybox } from '@sharebench/guest-image';
import { WORKDIR_NAME } from '../guest/protocol.js';
import { shareDirOf } from '../share/share-dir-of.js';
import { shareDirProblem } from '../share/share-dir-problem.js';
import { message } from '../messages.js';

/**
 * The baseline: fio on a directory of the host. Per run: lay out the test files unless they are
 * already there at full size (untimed), sync and drop caches, then the timed json+ run. Tree
 * operations run the guest's busybox commands on the same directory (host-tree.ts), developer
 * loops the guest's devloop.sh with the same git, sqlite3 and busybox (host-devloop.ts).
 */
export function createHostEnvironment(spec: HostEnvSpec, ctx: EnvContext): Environment {
  assertEnvSpec(spec);
  const meta: EnvMeta = { name: spec.name, fs: FsKind.host, cache: null, dax: false, numa: null };
  const { dir } = shareDirOf(spec, ctx.scratchRoot);
  return {
    meta,
    kind: 'host',
    async unsupportedReason() {
      return null;
    },
    async open(options: OpenOptions) {
      const { problem } = await shareDirProblem(dir, { env: spec.name, contents: false });
      if (problem) throw new EnvironmentError(spec.name, message.hostEnvFailed(spec.name, problem));
      await mkdir(dir, { recursive: true });
      const version = await execa('fio', ['--version'], { reject: false });
      if (version.exitCode !== 0) {
        throw new EnvironmentError(
          spec.name,
          message.hostFioMissing(String(version.stderr || version.message).trim()),
          { command: ['fio', '--version'] },
        );
      }
      const mount = await mountOf(dir);
      const fioVersion = String(version.stdout).trim();
      const info: SessionInfo = {
        mount,
        kernel: os.release(),
        fioVersion,
        accel: null,
        record: { kind: 'host', mount, kernel: os.release(), fio_version: fioVersion, dir },
      };
      let tree: HostTree | null = null;
      if (options.tree) {
        try {
          const archives = await ensureTreeArchives(options.tree, ctx.cacheDir);
          tree = { tar: await readFile(archives.tarPath), busybox: await findStaticBusybox() };
        } catch (err) {
          throw new EnvironmentError(spec.name, message.hostEnvFailed(spec.name, message.hostTreeFailed((err as Error).message)), { cause: err });
        }
      }
      let devloop: HostDevloop | null = null;
      if (options.devloop) {
        try {
          devloop = await openHostDevloop(options.devloop, ctx.cacheDir);
        } catch (err) {
          throw new EnvironmentError(spec.name, message.hostEnvFailed(spec.name, message.hostDevloopFailed((err as Error).message)), { cause: err });
        }
      }
      // A probe that cannot be built fails the semantics run with why, not the environment.
      const probe = options.semantics ? await buildProbe(ctx.cacheDir).then((b) => ({ path: b.path }), (err: unknown) => ({ error: oneLine(err) })) : null;
      return hostSession(dir, info, tree, devloop, probe);
    },
  };
}

function hostSession(
  dir: string,
  info: SessionInfo,
  tree: HostTree | null,
  devloop: HostDevloop | null,
  probe: { path: string } | { error: string } | null,
): Session {
  return {
    info,
    async run(request: FioRunRequest, signal?: AbortSignal): Promise<FioRunResult> {
      const started = performance.now();
      const base = [...request.args, `--directory=${dir}`];
      const deadline = started + request.timeoutMs;
      const workdir = request.workdir ?? null;
      if (workdir) {
        const failed = (reason: string): FioRunResult => ({
          state: 'failed', exitCode: null, stdout: '', stderr: '', command: ['fio', ...base], durationMs: 0, prepareMs: 0, hostCacheDropped: false, reason,
        });
        if (!WORKDIR_NAME.test(workdir.name)) return failed(message.workdirUnsafe(workdir.name, dir));
        try {
          if (workdir.fresh) await rm(join(dir, workdir.name), { recursive: true, force: true });
          await mkdir(join(dir, workdir.name), { recursive: true });
        } catch (err) {
          return failed(message.workdirFailed(workdir.name, (err as Error).message));
        }
      }
      if (request.layout !== false && !(await laidOut(dir, request.args))) {
        const layout = await runInGroup('fio', [...base, '--create_only=1', '--output-format=terse'], { timeoutMs: request.timeoutMs, signal });
        if (layout.stopped || layout.exitCode !== 0) {
          return {
            state: layout.stopped ?? 'failed',
            exitCode: layout.exitCode,
            stdout: layout.stdout,
            stderr: layout.stderr,
            command: ['fio', ...base, '--create_only=1'],
            durationMs: 0,
            prepareMs: layout.durationMs,
            hostCacheDropped: false,
            reason:
              layout.stopped === 'interrupted'
                ? message.interruptedDuringLayout()
                : layout.stopped === 'timedOut'
                  ? message.layoutTimedOut(request.timeoutMs)
                  : message.layoutFailed(lastLines(layout.stderr || layout.stdout)),
          };
        }
      }
      const hostCacheDropped = await dropHostCaches();
      const prepareMs = performance.now() - started;
      const command = ['fio', ...base, '--output-format=json+'];
      request.onTimedStart?.();
      const run = await runInGroup('fio', command.slice(1), { timeoutMs: Math.max(1000, deadline - performance.now()), signal });
      return {
        state: run.stopped ?? 'completed',
        exitCode: run.exitCode,
        stdout: run.stdout,
        stderr: run.stderr,
        command,
        durationMs: run.durationMs,
        prepareMs,
        hostCacheDropped,
        reason: run.stopped === 'interrupted' ? message.interrupted() : run.stopped === 'timedOut' ? message.fioTimedOut(request.timeoutMs) : null,
      };
    },
    async runTree(request, signal) {
      if (!tree) {
        return {
          state: 'failed', exitCode: null, stdout: '', stderr: '', command: [], durationMs: 0, prepareMs: 0, hostCacheDropped: false,
          reason: message.hostOpenedWithoutTree(),
        };
      }
      return runTreeOnHost(dir, tree, request, signal);
    },
    async runDevloop(request, signal) {
      if (!devloop) {
        return {
          state: 'failed', exitCode: null, stdout: '', stderr: '', command: [], durationMs: 0, prepareMs: 0, hostCacheDropped: false,
          reason: message.hostOpenedWithoutDevloop(),
        };
      }
      return runDevloopOnHost(dir, devloop, request, signal);
    },
    async runProbe(request) {
      const failed = (reason: string) =>
        ({ state: 'failed' as const, reason, rows: [], begin: null, end: null, transcript: '', stderr: '', command: [], durationMs: 0 });
      if (!probe) return failed(message.hostOpenedWithoutProbe());
      if ('error' in probe) return failed(probe.error);
      return runSemanticsOnHost(dir, probe.path, request);
    },
    async close() {
      await devloop?.close();
    },
  };
}
