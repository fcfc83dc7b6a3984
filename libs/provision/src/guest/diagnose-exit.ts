import type { GroupExit } from '@sharebench/host';
import { logTail } from './log-tail.js';

/** How a process ended, in words: `killed by SIGKILL`, `exit code 1`. */
export function describeExit(exit: GroupExit): string {
  if (exit.signal) return `killed by ${exit.signal}`;
  if (exit.exitCode !== null) return `exit code ${exit.exitCode}`;
  return 'could not be started';
}

/** Why virtiofsd ended while the guest used it: its exit and its last log line. */
export async function describeDaemonExit(exit: GroupExit, logPath: string): Promise<string> {
  const last = (await logTail(logPath, 0, 1)).trim();
  return `virtiofsd exited unexpectedly (${describeExit(exit)}) while the guest was using it${last ? `; its last log line: ${last}` : ''} (log: ${logPath})`;
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
  if (panic) return `the guest kernel panicked: ${panic.trim()} (serial log: ${logs.serialLogPath})`;
  const powerOff = /sharebench: powering off: (.*)$/m.exec(serial)?.[1];
  if (powerOff) return `the guest powered off: ${powerOff.trim()} (serial log: ${logs.serialLogPath})`;
  const qemuLast = (await logTail(logs.qemuLogPath, logs.qemuLogStart, 1)).trim();
  return `QEMU exited unexpectedly (${describeExit(exit)})${qemuLast ? `: ${qemuLast}` : ''} ` +
    `(serial log: ${logs.serialLogPath}, QEMU log: ${logs.qemuLogPath})`;
}

/** Why fio failed inside the guest, from its exit code and output (stderr, or stdout). */
export function describeFioFailure(exitCode: number, output: string, stubbedLibraries: readonly string[]): string {
  const SIGILL_EXIT = 128 + 4;
  if (exitCode === SIGILL_EXIT && stubbedLibraries.length > 0) {
    return `fio stopped with SIGILL: the job calls into ${stubbedLibraries.join(', ')}, which this guest image has as stubs only ` +
      '(its ioengines rbd, rados, gfapi, nbd, rdma, pmem do not work); build the image with SHAREBENCH_GUEST_FIO_CLOSURE=full for those';
  }
  return `fio exited with code ${exitCode}: ${firstUsefulLine(output)}`;
}

function firstUsefulLine(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.find((l) => /error|fio:|invalid|unknown|failed/i.test(l)) ?? lines[0] ?? '(no output)';
}
