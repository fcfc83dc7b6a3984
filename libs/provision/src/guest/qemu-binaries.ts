import { access, constants } from 'node:fs/promises';
import { execa } from 'execa';
import { which } from '@sharebench/host';

// qboot: a minimal firmware that reaches the kernel much faster than SeaBIOS (qemu-system-data).
const QBOOT_ROM = '/usr/share/qemu/qboot.rom';

/**
 * The QEMU system emulator for x86-64 guests: `path` when given (an env's `qemu`) and executable,
 * else qemu-system-x86_64 on PATH; null when there is none.
 */
export async function findQemu(path: string | null = null): Promise<string | null> {
  if (path !== null) return (await access(path, constants.X_OK).then(() => true, () => false)) ? path : null;
  return which('qemu-system-x86_64');
}

/** qboot.rom when installed, else null (QEMU then uses its default SeaBIOS). */
export async function findQboot(): Promise<string | null> {
  return (await access(QBOOT_ROM, constants.R_OK).then(() => true, () => false)) ? QBOOT_ROM : null;
}

const versions = new Map<string, Promise<string>>();

/** First line of `<program> --version` (cached per program), or a note that it could not be run. */
export function programVersion(program: string): Promise<string> {
  let known = versions.get(program);
  if (!known) {
    known = execa(program, ['--version'], { reject: false, all: true, timeout: 10_000 }).then((r) =>
      r.exitCode === 0 ? (r.all ?? '').split('\n')[0]!.trim() : `unknown (${program} --version exited ${r.exitCode ?? r.signal})`,
    );
    versions.set(program, known);
  }
  return known;
}

const daxWindow = new Map<string, Promise<boolean>>();

/**
 * Whether this QEMU's vhost-user-fs-pci has a DAX window (`cache-size` property): upstream QEMU
 * never merged it, so most builds, Debian's included, lack it. Asked once per binary.
 */
export function qemuHasDaxWindow(qemu: string): Promise<boolean> {
  let known = daxWindow.get(qemu);
  if (!known) {
    known = execa(qemu, ['-nodefaults', '-machine', 'none', '-device', 'vhost-user-fs-pci,help'], { reject: false, all: true, timeout: 20_000 }).then((r) =>
      /^\s*cache-size=/m.test(r.all ?? ''),
    );
    daxWindow.set(qemu, known);
  }
  return known;
}
