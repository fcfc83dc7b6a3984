import { type Accelerator, lastLines, DEVLOOP_TOOL } from '@sharebench/core';
import { appendFile, rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { NinepSession, VirtiofsSession } from '@sharebench/core';
import { TOOL_PACKAGES } from '@sharebench/guest-image';
import type { DevloopRunRequest, FioRunRequest, FioRunResult, Session, SessionInfo, TreeRunRequest } from '../types.js';
import { EnvironmentError } from '../types.js';
import { dropHostCaches } from '@sharebench/host';
import { laidOut } from '../host/laid-out.js';
import { GuestChannel } from './channel.js';
import { mountProblem, type ExpectedMount } from './check-mount.js';
import { GUEST_MOUNT } from './contract.js';
import { describeFioFailure } from './diagnose-exit.js';
import { fioArgsProblem } from './fio-args.js';
import { GuestProcesses } from './guest-processes.js';
import { logTail } from './log-tail.js';
import { encodeDevloopRequest, encodeRunRequest, encodeTreeRequest, QUIT_REQUEST, WORKDIR_NAME } from './protocol.js';
import { nextMessage, runExchange, stopSignals, type ExchangeEnd, type Next } from './run-exchange.js';
import { probeExchange } from './probe-exchange.js';
import { GUEST_PROBE, probeArgs, sqliteWalRow, type ProbeRunRequest, type SemanticsRun } from '../semantics/semantics-run.js';
import { treeCommand } from '../tree/tree-commands.js';
import { TREE_DIR } from '../tree/tree-layout.js';
import { GUEST_TREE_TAR } from '../tree/tree-tarball.js';
import { DEVLOOP_DIR, GUEST_DEVLOOP_KIT } from '../devloop/devloop-kit.js';
import { devloopFailure } from '../devloop/devloop-result.js';
import { message } from '../messages.js';

/** Everything needed to bring one guest up; built by the virtio-fs and 9p environments. */
export interface GuestLaunch {
  env: string;
  /** A private directory for sockets; removed on close. Short, since socket paths are limited to 107 bytes. */
  runDir: string;
  /** Drops the last-resort removal of runDir registered for an abrupt exit; called once it is removed. */
  forgetRunDir: () => void;
  channelSocketPath: string;
  /** The shared directory as the host sees it. */
  sharedDir: string;
  serialLogPath: string;
  qemuLogPath: string;
  qemuArgv: string[];
  /** virtiofsd, started first; QEMU starts once its socket exists. */
  daemon: { argv: string[]; socketPath: string; logPath: string } | null;
  expectedMount: ExpectedMount;
  /** Libraries the guest's fio has as stubs only (SIGILL when called). */
  stubbedLibraries: readonly string[];
  /** The tree whose tarball is in this boot's initrd (see appendToInitrd); null: no tree operations. */
  tree: { entries: number; files: number } | null;
  /** Whether the developer loops' kit is in this boot's initrd; and the tools the image carries (git, sqlite3). */
  devloop: boolean;
  tools: readonly string[];
  /** The semantics probe in this boot's initrd, or why it is not there; null: not asked for. */
  probe: { path: string } | { error: string } | null;
  accel: Accelerator;
  bootTimeoutMs: number;
  /** The session record but for what only the booted guest knows (mount, kernel, fio, resources, boot time). */
  record: GuestRecordBeforeBoot;
}

type BootFacts = 'mount' | 'kernel' | 'fio_version' | 'guest_resources' | 'boot_ms' | 'serial_log';
/** A guest's session record before boot: everything but the facts the booted guest reports. */
export type GuestRecordBeforeBoot = Omit<VirtiofsSession, BootFacts> | Omit<NinepSession, BootFacts>;

const QUIT_GRACE_MS = 3000;

// A running guest: its processes (guest-processes.ts), the host channel, and the logs. The boot
// handshake waits for READY and checks the mount; each run is one exchange (run-exchange.ts);
// anything that stops a run half-way (deadline, abort, a process dying, a protocol slip) ends
// the session with the reason, and later runs fail with it.
class GuestSession implements Session {
  info!: SessionInfo;
  private readonly processes: GuestProcesses;
  private channel: GuestChannel | null = null;
  private down: string | null = null;
  private shutdownPromise: Promise<void> | null = null;
  private busy = false;
  private seq = 0;

  constructor(private readonly launch: GuestLaunch) {
    this.processes = new GuestProcesses({
      qemuArgv: launch.qemuArgv,
      qemuLogPath: launch.qemuLogPath,
      serialLogPath: launch.serialLogPath,
      daemon: launch.daemon,
    });
    // A process that dies between runs ends the session at once, with its reason.
    this.processes.fatal.addEventListener('abort', () => {
      this.down ??= String(this.processes.fatal.reason);
      void this.shutdown(false);
    }, { once: true });
  }

  async boot(signal: AbortSignal | undefined): Promise<void> {
    const l = this.launch;
    const bootStarted = performance.now();
    const stamp = `\n=== ${new Date().toISOString()} sharebench: booting ${l.env} ===\n`;
    await Promise.all([l.serialLogPath, l.qemuLogPath, ...(l.daemon ? [l.daemon.logPath] : [])].map((p) => appendFile(p, stamp)));
    let failedArgv: readonly string[] = l.daemon?.argv ?? l.qemuArgv;
    try {
      await this.processes.startDaemon(signal);
      failedArgv = l.qemuArgv;
      this.channel = await GuestChannel.listen(l.channelSocketPath);
      await this.processes.startQemu();
      const ready = await nextMessage(this.channel, stopSignals(l.bootTimeoutMs, signal, this.processes.fatal));
      if ('stop' in ready) {
        throw new Error(
          ready.stop === 'fatal' ? ready.reason : ready.stop === 'abort' ? message.interruptedWhileStarting() : message.bootTimedOut(l.bootTimeoutMs),
        );
      }
      if (ready.kind === 'closed') throw new Error(await this.whyGone());
      if (ready.kind === 'fail') throw new Error(message.shareSetupFailed(ready.reason));
      if (ready.kind !== 'ready') throw new Error(message.sentBeforeReady(ready.kind));
      const problem = mountProblem(ready.mount, l.expectedMount);
      if (problem) throw new Error(message.shareMountedWrong(problem));
      const facts = {
        mount: ready.mount,
        kernel: ready.kernel,
        fio_version: ready.fioVersion.trim(),
        guest_resources: ready.resources,
        boot_ms: Math.round(performance.now() - bootStarted),
        serial_log: l.serialLogPath,
      };
      this.info = {
        mount: ready.mount,
        kernel: ready.kernel,
        fioVersion: facts.fio_version,
        accel: l.accel,
        record: l.record.kind === 'virtiofs' ? { ...l.record, ...facts } : { ...l.record, ...facts },
      };
    } catch (err) {
      await this.shutdown(false);
      const what = signal?.aborted ? message.interruptedWhileStarting() : (err as Error).message;
      const usingDaemonLog = failedArgv === l.daemon?.argv;
      const logPath = usingDaemonLog ? l.daemon!.logPath : l.serialLogPath;
      const tail = usingDaemonLog ? await logTail(logPath) : await logTail(l.serialLogPath, this.processes.serialStart);
      const said = what.includes(l.serialLogPath) ? what : message.withSerialLog(what, l.serialLogPath);
      throw new EnvironmentError(l.env, message.envFailed(l.env, said), { command: failedArgv, logTail: tail, logPath, cause: err });
    }
  }

  async run(request: FioRunRequest, signal?: AbortSignal): Promise<FioRunResult> {
    const command = ['fio', ...request.args, `--directory=${GUEST_MOUNT}`, '--output-format=json+'];
    const workdir = request.workdir ?? null;
    const problem =
      fioArgsProblem(request.args) ??
      (workdir && !WORKDIR_NAME.test(workdir.name) ? message.workdirUnsafe(workdir.name, 'the shared directory') : null);
    return this.exchange(request, command, signal, problem, async () => {
      const layout = request.layout === false ? 'none' : (await laidOut(this.launch.sharedDir, request.args)) ? 'laidout' : 'layout';
      return encodeRunRequest(String(++this.seq), request.args, layout, workdir);
    }, (end) => {
      if (end.kind === 'prepareFailed') {
        return message.guestLayoutFailed(describeFioFailure(end.exitCode, end.output, this.launch.stubbedLibraries));
      }
      // A non-zero exit with json output is a job error fio reported itself (ENOSPC, EIO, ...):
      // the parser classifies those. Without json, fio never ran the job.
      if (end.exitCode === 0 || end.stdout.includes('"jobs"')) return null;
      return describeFioFailure(end.exitCode, end.stderr || end.stdout, this.launch.stubbedLibraries);
    });
  }

  async runTree(request: TreeRunRequest, signal?: AbortSignal): Promise<FioRunResult> {
    const command = treeCommand(request.op, { busybox: '/bin/busybox', dir: GUEST_MOUNT, tree: `${GUEST_MOUNT}/${TREE_DIR}`, tar: GUEST_TREE_TAR });
    const problem = this.launch.tree ? null : message.guestOpenedWithoutTree(this.launch.env);
    return this.exchange(request, command, signal, problem, async () => encodeTreeRequest(String(++this.seq), request.op), (end) => {
      if (end.kind === 'prepareFailed') return message.treePrepareExited(request.op, end.exitCode, lastLines(end.output));
      return end.exitCode === 0 ? null : message.commandExited(command.slice(1, 3).join(' '), end.exitCode, lastLines(end.stderr));
    });
  }

  async runDevloop(request: DevloopRunRequest, signal?: AbortSignal): Promise<FioRunResult> {
    const kit = GUEST_DEVLOOP_KIT;
    const command = ['sh', `${kit}/devloop.sh`, 'run', request.op, `${GUEST_MOUNT}/${DEVLOOP_DIR}`, kit, '/tmp/devloop'];
    const tool = DEVLOOP_TOOL[request.op];
    const problem = !this.launch.devloop
      ? message.guestOpenedWithoutDevloop(this.launch.env)
      : tool !== 'busybox' && !this.launch.tools.includes(tool)
        ? message.devloopCannotRun(request.op, message.devloopToolMissingInImage(tool, TOOL_PACKAGES[tool]))
        : null;
    return this.exchange(request, command, signal, problem, async () => encodeDevloopRequest(String(++this.seq), request.op), (end) =>
      end.kind === 'prepareFailed'
        ? devloopFailure(request.op, { phase: 'prepare', exitCode: end.exitCode, output: end.output })
        : devloopFailure(request.op, { phase: 'run', exitCode: end.exitCode, output: end.stderr || end.stdout }));
  }

  async runProbe(request: ProbeRunRequest, signal?: AbortSignal): Promise<SemanticsRun> {
    const started = performance.now();
    const args = probeArgs(request);
    const command = [GUEST_PROBE, GUEST_MOUNT, ...args];
    const transcript: string[] = [];
    const run = (state: SemanticsRun['state'], reason: string | null, more: Partial<SemanticsRun> = {}): SemanticsRun => ({
      state, reason, rows: [], begin: null, end: null, transcript: transcript.map((l) => `${l}\n`).join(''), stderr: '', command,
      durationMs: performance.now() - started, ...more,
    });
    const probe = this.launch.probe;
    if (signal?.aborted) return run('interrupted', message.interruptedBeforeProbe());
    if (this.down !== null) return run('failed', this.down);
    if (!probe) return run('failed', message.guestOpenedWithoutProbe(this.launch.env));
    if ('error' in probe) return run('failed', probe.error);
    if (this.busy) return run('failed', message.sessionBusy(this.launch.env));
    this.busy = true;
    try {
      const id = String(++this.seq);
      const stop = stopSignals(request.timeoutMs, signal, this.processes.fatal);
      const source = `semantics-probe in ${this.launch.env}`;
      const end = await probeExchange(this.channel!, { id, args, hostDir: this.launch.sharedDir, source }, stop);
      transcript.push(...end.transcript);
      if (end.kind === 'refused') return run('failed', end.reason);
      if (end.kind === 'broken') {
        const base = { exitCode: null, stdout: '', stderr: '', command, durationMs: 0, prepareMs: 0, hostCacheDropped: false };
        const broken = await this.abandon(end.what, base, { id: `${this.launch.env}/semantics`, timeoutMs: request.timeoutMs });
        return run(broken.state === 'completed' ? 'failed' : broken.state, broken.reason);
      }
      if (end.output === null || end.exitCode !== 0) {
        const said = end.stderr.trim() ? `: ${lastLines(end.stderr, 2)}` : '';
        const why = end.problem ?? message.probeExited(end.exitCode, said);
        return run('failed', message.probeDidNotFinish(this.launch.env, why), { stderr: end.stderr });
      }
      const rows = [...end.output.rows, sqliteWalRow(end.sqlite)];
      return run('completed', null, { rows, begin: end.output.begin, end: end.output.end, stderr: end.stderr });
    } finally {
      this.busy = false;
    }
  }

  // One request on the channel, one at a time: refusals, a failed preparation and a non-zero
  // result become failed runs (`failure` says why, or null for a completed run); anything that
  // stops the exchange half-way ends the session (abandon).
  private async exchange(
    request: { id: string; timeoutMs: number; onTimedStart?: () => void },
    command: string[],
    signal: AbortSignal | undefined,
    problem: string | null,
    encode: () => Promise<string>,
    failure: (end: Extract<ExchangeEnd, { kind: 'result' | 'prepareFailed' }>) => string | null,
  ): Promise<FioRunResult> {
    const base = { exitCode: null, stdout: '', stderr: '', command, durationMs: 0, prepareMs: 0, hostCacheDropped: false };
    const failed = (reason: string, extra: Partial<FioRunResult> = {}): FioRunResult => ({ ...base, state: 'failed', reason, ...extra });
    if (signal?.aborted) return { ...base, state: 'interrupted', reason: message.interruptedBeforeRun() };
    if (this.down !== null) return failed(this.down);
    if (problem) return failed(problem);
    if (this.busy) return failed(message.sessionBusy(this.launch.env));
    this.busy = true;
    try {
      const line = await encode();
      const stop = stopSignals(request.timeoutMs, signal, this.processes.fatal);
      let hostCacheDropped = false;
      const beforeGo = async () => {
        hostCacheDropped = await dropHostCaches();
        request.onTimedStart?.();
      };
      const end = await runExchange(this.channel!, { id: String(this.seq), request: line, beforeGo }, stop);
      switch (end.kind) {
        case 'refused':
          return failed(end.reason);
        case 'prepareFailed':
          return failed(failure(end)!, { exitCode: end.exitCode, stderr: end.output });
        case 'broken':
          return await this.abandon(end.what, base, request);
        case 'result': {
          const times = { durationMs: end.durationMs, prepareMs: end.prepareMs, hostCacheDropped };
          const out = { ...base, exitCode: end.exitCode, stdout: end.stdout, stderr: end.stderr, ...times };
          const reason = failure(end);
          return reason === null ? { ...out, state: 'completed', reason: null } : { ...out, state: 'failed', reason };
        }
      }
    } finally {
      this.busy = false;
    }
  }

  close(): Promise<void> {
    return this.shutdown(true);
  }

  // The run cannot go on (timeout, abort, the guest or daemon died, a protocol slip): stop everything and say why.
  private async abandon(what: Next, base: Omit<FioRunResult, 'state' | 'reason'>, request: { id: string; timeoutMs: number }): Promise<FioRunResult> {
    let state: FioRunResult['state'] = 'failed';
    let reason: string;
    if ('stop' in what && what.stop === 'timeout') {
      state = 'timedOut';
      reason = message.noResultInTime(request.timeoutMs, this.launch.serialLogPath);
    } else if ('stop' in what && what.stop === 'abort') {
      state = 'interrupted';
      reason = message.interruptedGuestStopped();
    } else if ('stop' in what) {
      reason = what.reason;
    } else if (what.kind === 'closed') {
      reason = await this.whyGone();
    } else {
      reason = message.outOfTurn(what.kind);
    }
    this.down ??= state === 'interrupted' ? message.sessionInterrupted() : message.guestStoppedAfter(request.id, reason);
    await this.shutdown(false);
    return { ...base, state, reason };
  }

  // The channel closed: QEMU is ending; wait briefly for its exit to say why.
  private async whyGone(): Promise<string> {
    const fatal = this.processes.fatal;
    if (!fatal.aborted) {
      await Promise.race([new Promise((resolve) => fatal.addEventListener('abort', resolve, { once: true })), sleep(2000, null, { ref: false })]);
    }
    return fatal.aborted ? String(fatal.reason) : message.channelClosed();
  }

  private shutdown(graceful: boolean): Promise<void> {
    this.shutdownPromise ??= (async () => {
      this.down ??= 'the session is closed';
      const qemuExited = this.processes.qemuExited();
      if (graceful && qemuExited && this.processes.qemuRunning() && this.channel?.send(QUIT_REQUEST)) {
        await Promise.race([qemuExited, sleep(QUIT_GRACE_MS, null, { ref: false })]);
      }
      await this.processes.stop();
      await this.channel?.close();
      await rm(this.launch.runDir, { recursive: true, force: true });
      this.launch.forgetRunDir();
    })();
    return this.shutdownPromise;
  }
}

/**
 * Boots the guest described by `launch` and returns its session once the share is mounted and
 * checked. On any failure everything started is stopped and an EnvironmentError with the failing
 * argv and the serial log's tail is thrown.
 */
export async function bootGuest(launch: GuestLaunch, signal?: AbortSignal): Promise<Session> {
  const session = new GuestSession(launch);
  await session.boot(signal);
  return session;
}
