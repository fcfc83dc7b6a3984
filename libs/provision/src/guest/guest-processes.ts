import { appendFile, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { spawnGroup, type ProcessGroup } from '@sharebench/host';
import { describeDaemonExit, describeExit, describeQemuExit } from './diagnose-exit.js';
import { logSize, logTail } from './log-tail.js';
import { message } from '../messages.js';

const KILL_GRACE_MS = 1000;
// How long a daemon exit waits to see whether QEMU died too (and caused it).
const DAEMON_AFTER_QEMU_MS = 1000;
const SOCKET_WAIT_MS = 10_000;

export interface ProcessLaunch {
  qemuArgv: readonly string[];
  qemuLogPath: string;
  serialLogPath: string;
  /** virtiofsd, started first; QEMU starts once its socket exists. */
  daemon: { argv: readonly string[]; socketPath: string; logPath: string } | null;
}

/**
 * A guest's processes: virtiofsd (when there is one) and QEMU, each in its own process group,
 * their logs, and `fatal`, a signal aborted with the reason when one of them ends by itself
 * (not through `stop`). The reason names the cause: QEMU's death, not the daemon exit it causes.
 */
export class GuestProcesses {
  private qemu: ProcessGroup | null = null;
  private daemon: ProcessGroup | null = null;
  private readonly fatalController = new AbortController();
  private stopping = false;
  /** Where this boot's part of the serial and QEMU logs starts. */
  serialStart = 0;
  private qemuLogStart = 0;

  constructor(private readonly launch: ProcessLaunch) {}

  get fatal(): AbortSignal {
    return this.fatalController.signal;
  }

  /** QEMU's exit, once it happened. */
  qemuExited(): Promise<unknown> | null {
    return this.qemu ? this.qemu.exited : null;
  }

  qemuRunning(): boolean {
    return this.qemu !== null && this.qemu.exit() === null;
  }

  /** Starts virtiofsd and waits for its socket; throws with the daemon's last words when it does not come up. */
  async startDaemon(signal: AbortSignal | undefined): Promise<void> {
    const d = this.launch.daemon;
    if (!d) return;
    await appendFile(d.logPath, `${d.argv.join(' ')}\n`);
    this.daemon = this.watch(spawnGroup(d.argv, d.logPath));
    const deadline = performance.now() + SOCKET_WAIT_MS;
    for (;;) {
      if (await stat(d.socketPath).then((s) => s.isSocket(), () => false)) return;
      if (signal?.aborted) throw new Error(message.interruptedWhileDaemonStarting());
      const exit = this.daemon.exit();
      if (exit) throw new Error(message.daemonExitedBeforeSocket(describeExit(exit), (await logTail(d.logPath, 0, 1)).trim()));
      if (performance.now() > deadline) throw new Error(message.daemonNoSocket(d.socketPath, SOCKET_WAIT_MS / 1000));
      await sleep(10);
    }
  }

  /** Starts QEMU, its argv first in its log. */
  async startQemu(): Promise<void> {
    const l = this.launch;
    this.serialStart = await logSize(l.serialLogPath);
    await appendFile(l.qemuLogPath, `${l.qemuArgv.join(' ')}\n`);
    this.qemuLogStart = await logSize(l.qemuLogPath);
    this.qemu = this.watch(spawnGroup(l.qemuArgv, l.qemuLogPath));
  }

  /** Stops both process groups (SIGTERM, then SIGKILL after a grace); whatever exits now is not fatal. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all([this.qemu?.stop(KILL_GRACE_MS), this.daemon?.stop(KILL_GRACE_MS)]);
  }

  private watch(group: ProcessGroup): ProcessGroup {
    void group.exited.then(async (exit) => {
      if (this.stopping || this.fatal.aborted) return;
      let reason: string;
      const qemu = this.qemu;
      if (group === this.daemon) {
        // virtiofsd ends (cleanly) as soon as its frontend goes away: when QEMU dies, the
        // daemon's exit can arrive first, but QEMU's is the cause.
        const qemuExit = qemu ? await Promise.race([qemu.exited, sleep(DAEMON_AFTER_QEMU_MS, null, { ref: false })]) : null;
        reason = qemuExit ? await this.describeQemu(qemuExit) : await describeDaemonExit(exit, this.launch.daemon!.logPath);
      } else {
        reason = await this.describeQemu(exit);
      }
      if (!this.stopping && !this.fatal.aborted) this.fatalController.abort(reason);
    });
    return group;
  }

  private describeQemu(exit: Parameters<typeof describeQemuExit>[0]): Promise<string> {
    const l = this.launch;
    return describeQemuExit(exit, {
      serialLogPath: l.serialLogPath,
      serialStart: this.serialStart,
      qemuLogPath: l.qemuLogPath,
      qemuLogStart: this.qemuLogStart,
    });
  }
}
