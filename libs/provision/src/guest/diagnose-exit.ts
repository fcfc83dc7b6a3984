import type { GroupExit } from '@sharebench/host';
import { logTail } from './log-tail.js';
import { message } from '../messages.js';

/** How a process ended, in words: `killed by SIGKILL`, `exit code 1`. */
export function describeExit(exit: GroupExit): string {
  if (exit.signal) return message.exitKilled(exit.signal);
  if (exit.exitCode !== null) return message.exitCode(exit.exitCode);
  return message.exitNotStarted();
}

/** Why virtiofsd ended while the guest used it: its exit and its last log line. */
export async function describeDaemonExit(exit: GroupExit, logPath: string): Promise<string> {
  const last = (await logTail(logPath, 0, 1)).trim();
  return message.daemonExited(describeExit(exit), last, logPath);
}

/**
 * Why QEMU ended: a kernel panic or the guest init's power-off reason from this boot's part of
 * the serial log, else QEMU's exit and the last line it printed since it started.
 */
export async function describeQemuExit(
  exit: GroupExit,
  logs: { serialLogPath: string; serialStart: number; qemuLogPath: string; qemuLogStart: number },
): Promise<string> {
  const serial = await logTail(logs.serialLogPath, logs.serialStart, 400);
  const panic = /Kernel panic - not syncing:.*$/m.exec(serial)?.[0];
  if (panic) return message.kernelPanicked(panic.trim(), logs.serialLogPath);
  const powerOff = /sharebench: powering off: (.*)$/m.exec(serial)?.[1];
  if (powerOff) return message.guestPoweredOff(powerOff.trim(), logs.serialLogPath);
  const qemuLast = (await logTail(logs.qemuLogPath, logs.qemuLogStart, 1)).trim();
  return message.qemuExited(describeExit(exit), qemuLast, logs.serialLogPath, logs.qemuLogPath);
}

/** Why fio failed inside the guest, from its exit code and output (stderr, or stdout). */
export function describeFioFailure(exitCode: number, output: string, stubbedLibraries: readonly string[]): string {
  const SIGILL_EXIT = 128 + 4;
  if (exitCode === SIGILL_EXIT && stubbedLibraries.length > 0) return message.fioSigill(stubbedLibraries);
  return message.fioExited(exitCode, firstUsefulLine(output));
}

function firstUsefulLine(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.find((l) => /error|fio:|invalid|unknown|failed/i.test(l)) ?? lines[0] ?? message.noOutput();
}
