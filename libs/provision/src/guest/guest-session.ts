import { appendFile, rm, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { NinepSession, VirtiofsSession } from '@sharebench/core';
import type { FioRunRequest, FioRunResult, Session, SessionInfo } from '../types.js';
import { EnvironmentError } from '../types.js';
import { dropHostCaches } from '../host/drop-caches.js';
import { laidOut } from '../host/laid-out.js';
import { spawnGroup, type GroupExit, type ProcessGroup } from '../system/process-group.js';
import { GuestChannel } from './channel.js';
import { mountProblem, type ExpectedMount } from './check-mount.js';
import { GUEST_MOUNT } from './contract.js';
import { fioArgsProblem } from './fio-args.js';
import { logSize, logTail } from './log-tail.js';
import { encodeGo, encodeRunRequest, QUIT_REQUEST, type GuestMessage } from './protocol.js';

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
  accel: 'kvm' | 'tcg';
  bootTimeoutMs: number;
  /** The session record but for what only the booted guest knows (mount, kernel, fio, resources, boot time). */
  record: GuestRecordBeforeBoot;
}

type BootFacts = 'mount' | 'kernel' | 'fio_version' | 'guest_resources' | 'boot_ms' | 'serial_log';
/** A guest's session record before boot: everything but the facts the booted guest reports. */
export type GuestRecordBeforeBoot = Omit<VirtiofsSession, BootFacts> | Omit<NinepSession, BootFacts>;

type Stop = { stop: 'timeout' } | { stop: 'abort' } | { stop: 'fatal'; reason: string };
type Next = GuestMessage | Stop | { kind: 'closed' };

const QUIT_GRACE_MS = 3000;
// How long a daemon exit waits to see whether QEMU died too (and caused it).
const DAEMON_AFTER_QEMU_MS = 1000;
const KILL_GRACE_MS = 1000;

// A running guest: QEMU (and virtiofsd) in their own process groups, the host channel, and the
// logs. `bootGuest` returns it only once the guest has mounted the share and checked the mount.
class GuestSession implements Session {
  info!: SessionInfo;
  private qemu: ProcessGroup | null = null;
  private daemon: ProcessGroup | null = null;
  private channel: GuestChannel | null = null;
  private serialStart = 0;
  private qemuLogStart = 0;
  private down: string | null = null;
  private shutdownPromise: Promise<void> | null = null;
  private busy = false;
  private seq = 0;
  // Settles with a reason when QEMU or virtiofsd ends by itself.
  private fatal: Promise<string> = new Promise(() => {});

  constructor(private readonly launch: GuestLaunch) {}

  async boot(signal: AbortSignal | undefined): Promise<void> {
    const l = this.launch;
    const bootStarted = performance.now();
    const stamp = `\n=== ${new Date().toISOString()} sharebench: booting ${l.env} ===\n`;
    await Promise.all([l.serialLogPath, l.qemuLogPath, ...(l.daemon ? [l.daemon.logPath] : [])].map((p) => appendFile(p, stamp)));
    this.serialStart = await logSize(l.serialLogPath);
    let failedArgv: readonly string[] = l.qemuArgv;
    try {
      if (l.daemon) {
        failedArgv = l.daemon.argv;
        await appendFile(l.daemon.logPath, `${l.daemon.argv.join(' ')}\n`);
        this.daemon = spawnGroup(l.daemon.argv, l.daemon.logPath);
        this.watchFatal();
        await this.waitForSocket(l.daemon.socketPath, signal);
        failedArgv = l.qemuArgv;
      }
      this.channel = await GuestChannel.listen(l.channelSocketPath);
      await appendFile(l.qemuLogPath, `${l.qemuArgv.join(' ')}\n`);
      this.qemuLogStart = await logSize(l.qemuLogPath);
      this.qemu = spawnGroup(l.qemuArgv, l.qemuLogPath);
      this.watchFatal();
      const bootStop = this.stopWhen(l.bootTimeoutMs, signal);
      const ready = await this.next(bootStop).finally(() => bootStop.cancel());
      if ('stop' in ready) throw new Error(ready.stop === 'fatal' ? ready.reason : ready.stop === 'abort' ? 'interrupted while the guest was starting' : `the guest did not report ready within ${l.bootTimeoutMs} ms (boot timeout); it was stopped`);
      if (ready.kind === 'closed') throw new Error(await this.whyGone());
      if (ready.kind === 'fail') throw new Error(`the guest could not set up the share: ${ready.reason}`);
      if (ready.kind !== 'ready') throw new Error(`the guest sent ${ready.kind} before it was ready`);
      const problem = mountProblem(ready.mount, l.expectedMount);
      if (problem) throw new Error(`the share is not mounted as asked: ${problem}`);
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
      const message = signal?.aborted ? 'interrupted while the guest was starting' : (err as Error).message;
      const usingDaemonLog = failedArgv === l.daemon?.argv;
      const logPath = usingDaemonLog ? l.daemon!.logPath : l.serialLogPath;
      const tail = usingDaemonLog ? await logTail(logPath) : await logTail(l.serialLogPath, this.serialStart);
      const where = message.includes(l.serialLogPath) ? '' : ` (serial log: ${l.serialLogPath})`;
      throw new EnvironmentError(l.env, `${l.env}: ${message}${where}`, { command: failedArgv, logTail: tail, logPath, cause: err });
    }
  }

  async run(request: FioRunRequest, signal?: AbortSignal): Promise<FioRunResult> {
    const command = ['fio', ...request.args, `--directory=${GUEST_MOUNT}`, '--output-format=json+'];
    const base = { exitCode: null, stdout: '', stderr: '', command, durationMs: 0, prepareMs: 0 };
    const failed = (reason: string, extra: Partial<FioRunResult> = {}): FioRunResult => ({ ...base, state: 'failed', reason, ...extra });
    if (signal?.aborted) return { ...base, state: 'interrupted', reason: 'interrupted before the run started' };
    if (this.down !== null) return failed(this.down);
    const problem = fioArgsProblem(request.args);
    if (problem) return failed(problem);
    if (this.busy) return failed(`another run is in progress in ${this.launch.env}; runs of one session go one at a time`);
    this.busy = true;
    const stop = this.stopWhen(request.timeoutMs, signal);
    try {
      const id = String(++this.seq);
      const started = performance.now();
      const layout = (await laidOut(this.launch.sharedDir, request.args)) ? 'laidout' : 'layout';
      this.channel!.send(encodeRunRequest(id, request.args, layout));
      const prepared = await this.next(stop);
      if (!('stop' in prepared) && prepared.kind === 'refused' && prepared.id === id) return failed(prepared.reason);
      if ('stop' in prepared || prepared.kind !== 'prepared' || prepared.id !== id) return await this.abandon(prepared, base, request);
      if (prepared.exitCode !== 0) {
        const layout = await this.collect(id, stop);
        if ('stop' in layout || layout.kind === 'closed') return await this.abandon(layout, base, request);
        const output = layout.data.get('layout') ?? '';
        return failed(`laying out the files (fio --create_only=1) failed: ${this.fioFailure(prepared.exitCode, output)}`, { exitCode: prepared.exitCode, stderr: output });
      }
      await dropHostCaches();
      const prepareMs = performance.now() - started;
      this.channel!.send(encodeGo(id));
      const result = await this.next(stop);
      if ('stop' in result || result.kind !== 'result' || result.id !== id) return await this.abandon(result, base, request);
      const rest = await this.collect(id, stop);
      if ('stop' in rest || rest.kind === 'closed') return await this.abandon(rest, base, request);
      const stdout = rest.data.get('stdout') ?? '';
      const stderr = rest.data.get('stderr') ?? '';
      const out = { ...base, exitCode: result.exitCode, stdout, stderr, durationMs: result.durationMs, prepareMs };
      // A non-zero exit with json output is a job error fio reported itself (ENOSPC, EIO, ...):
      // the parser classifies those. Without json, fio never ran the job.
      if (result.exitCode === 0 || stdout.includes('"jobs"')) return { ...out, state: 'completed', reason: null };
      return { ...out, state: 'failed', reason: this.fioFailure(result.exitCode, stderr || stdout) };
    } finally {
      stop.cancel();
      this.busy = false;
    }
  }

  close(): Promise<void> {
    return this.shutdown(true);
  }

  private fioFailure(exitCode: number, output: string): string {
    const SIGILL_EXIT = 128 + 4;
    if (exitCode === SIGILL_EXIT && this.launch.stubbedLibraries.length > 0) {
      return `fio stopped with SIGILL: the job calls into ${this.launch.stubbedLibraries.join(', ')}, which this guest image has as stubs only (its ioengines rbd, rados, gfapi, nbd, rdma, pmem do not work); build the image with SHAREBENCH_GUEST_FIO_CLOSURE=full for those`;
    }
    return `fio exited with code ${exitCode}: ${firstUsefulLine(output)}`;
  }

  // The run cannot go on (timeout, abort, the guest or daemon died, a protocol slip): stop everything and say why.
  private async abandon(what: Next, base: Omit<FioRunResult, 'state' | 'reason'>, request: FioRunRequest): Promise<FioRunResult> {
    let state: FioRunResult['state'] = 'failed';
    let reason: string;
    if ('stop' in what && what.stop === 'timeout') {
      state = 'timedOut';
      reason = `no result within ${request.timeoutMs} ms (layout + run); the guest was stopped (serial log: ${this.launch.serialLogPath})`;
    } else if ('stop' in what && what.stop === 'abort') {
      state = 'interrupted';
      reason = 'interrupted; the guest was stopped';
    } else if ('stop' in what) {
      reason = what.reason;
    } else if (what.kind === 'closed') {
      reason = await this.whyGone();
    } else {
      reason = `the guest answered ${what.kind} out of turn; protocol error, the guest was stopped`;
    }
    this.down ??= state === 'interrupted' ? 'the session was interrupted; open the environment again' : `the guest was stopped after run ${request.id}: ${reason}`;
    await this.shutdown(false);
    return { ...base, state, reason };
  }

  private async collect(id: string, stop: StopHandle): Promise<{ kind: 'end'; data: Map<string, string> } | Stop | { kind: 'closed' }> {
    const data = new Map<string, string>();
    for (;;) {
      const m = await this.next(stop);
      if ('stop' in m || m.kind === 'closed') return m;
      if (m.kind === 'data') data.set(m.name, m.text);
      else if (m.kind === 'end' && m.id === id) return { kind: 'end', data };
    }
  }

  private async next(stop: StopHandle): Promise<Next> {
    if (!this.channel) return { kind: 'closed' };
    return Promise.race([this.channel.receive().then((m): Next => m ?? { kind: 'closed' }), stop.promise]);
  }

  private stopWhen(timeoutMs: number, signal: AbortSignal | undefined): StopHandle {
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const promise = new Promise<Stop>((resolve) => {
      timer = setTimeout(() => resolve({ stop: 'timeout' }), timeoutMs);
      onAbort = () => resolve({ stop: 'abort' });
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
      void this.fatal.then((reason) => resolve({ stop: 'fatal', reason }));
    });
    return {
      promise,
      cancel: () => {
        clearTimeout(timer);
        if (onAbort) signal?.removeEventListener('abort', onAbort);
      },
    };
  }

  // (Re)arms `fatal` over the processes started so far; an exit while not shutting down is fatal.
  private watchFatal(): void {
    const groups = [this.daemon, this.qemu].filter((g): g is ProcessGroup => g !== null);
    this.fatal = new Promise<string>((resolve) => {
      for (const group of groups) {
        void group.exited.then(async (exit) => {
          if (this.shutdownPromise) return;
          // virtiofsd ends (cleanly) as soon as its frontend goes away: when QEMU dies, the
          // daemon's exit can arrive first, but QEMU's is the cause.
          const qemu = this.qemu;
          if (group === this.daemon && qemu) {
            const qemuExit = await Promise.race([qemu.exited, sleep(DAEMON_AFTER_QEMU_MS, null, { ref: false })]);
            if (qemuExit) return resolve(await this.describeQemuExit(qemuExit));
          }
          resolve(group === this.daemon ? await this.describeDaemonExit(exit) : await this.describeQemuExit(exit));
        });
      }
    });
    void this.fatal.then((reason) => {
      if (this.shutdownPromise) return;
      this.down ??= reason;
      void this.shutdown(false);
    });
  }

  private async describeDaemonExit(exit: GroupExit): Promise<string> {
    const log = this.launch.daemon!.logPath;
    const last = (await logTail(log, 0, 1)).trim();
    return `virtiofsd exited unexpectedly (${describeExit(exit)}) while the guest was using it${last ? `; its last log line: ${last}` : ''} (log: ${log})`;
  }

  private async describeQemuExit(exit: GroupExit): Promise<string> {
    const serial = await logTail(this.launch.serialLogPath, this.serialStart, 400);
    const panic = /Kernel panic - not syncing:.*$/m.exec(serial)?.[0];
    if (panic) return `the guest kernel panicked: ${panic.trim()} (serial log: ${this.launch.serialLogPath})`;
    const powerOff = /sharebench: powering off: (.*)$/m.exec(serial)?.[1];
    if (powerOff) return `the guest powered off: ${powerOff.trim()} (serial log: ${this.launch.serialLogPath})`;
    const qemuLast = (await logTail(this.launch.qemuLogPath, this.qemuLogStart, 1)).trim();
    return `QEMU exited unexpectedly (${describeExit(exit)})${qemuLast ? `: ${qemuLast}` : ''} (serial log: ${this.launch.serialLogPath}, QEMU log: ${this.launch.qemuLogPath})`;
  }

  // The channel closed: QEMU is ending; wait briefly for its exit to say why.
  private async whyGone(): Promise<string> {
    const reason = await Promise.race([this.fatal, sleep(2000, null, { ref: false })]);
    return reason ?? 'the guest closed the host channel unexpectedly';
  }

  private async waitForSocket(path: string, signal: AbortSignal | undefined): Promise<void> {
    const deadline = performance.now() + 10_000;
    for (;;) {
      if (await stat(path).then((s) => s.isSocket(), () => false)) return;
      if (signal?.aborted) throw new Error('interrupted while virtiofsd was starting');
      const exit = this.daemon?.exit();
      if (exit) throw new Error(`virtiofsd exited before creating its socket (${describeExit(exit)}): ${(await logTail(this.launch.daemon!.logPath, 0, 1)).trim()}`);
      if (performance.now() > deadline) throw new Error(`virtiofsd did not create its socket ${path} within 10 s`);
      await sleep(10);
    }
  }

  private shutdown(graceful: boolean): Promise<void> {
    this.shutdownPromise ??= (async () => {
      this.down ??= 'the session is closed';
      if (graceful && this.qemu && !this.qemu.exit() && this.channel?.send(QUIT_REQUEST)) {
        await Promise.race([this.qemu.exited, sleep(QUIT_GRACE_MS, null, { ref: false })]);
      }
      await Promise.all([this.qemu?.stop(KILL_GRACE_MS), this.daemon?.stop(KILL_GRACE_MS)]);
      await this.channel?.close();
      await rm(this.launch.runDir, { recursive: true, force: true });
      this.launch.forgetRunDir();
    })();
    return this.shutdownPromise;
  }
}

interface StopHandle {
  promise: Promise<Stop>;
  cancel(): void;
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

function describeExit(exit: GroupExit): string {
  if (exit.signal) return `killed by ${exit.signal}`;
  if (exit.exitCode !== null) return `exit code ${exit.exitCode}`;
  return 'could not be started';
}

function firstUsefulLine(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.find((l) => /error|fio:|invalid|unknown|failed/i.test(l)) ?? lines[0] ?? '(no output)';
}
