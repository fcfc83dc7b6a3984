import { access, constants } from 'node:fs/promises';
import { execa } from 'execa';
import { which } from '@sharebench/host';
import { debianQemu } from '@sharebench/guest-image';
import type { GuestOptions } from '../spec.js';
import { describeQemu } from '../qemu-key.js';
import { message } from '../messages.js';

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

/** The QEMU a guest boots with, and the firmware that goes with it. */
export interface GuestQemu {
  path: string;
  /** `-L` directories searched before QEMU's compiled-in ones (an obtained QEMU's own suite's firmware). */
  firmwareDirs: string[];
  /** The qboot.rom to boot a PVH kernel with, or null (QEMU's default SeaBIOS). */
  qbootPath: string | null;
}

type QemuLookup = { qemu: GuestQemu } | { unsupported: string } | null;
const debianQemus = new Map<string, Promise<QemuLookup>>();

/**
 * The QEMU for a guest spec: the Debian one its `qemuPackage` names (from the cache, else, with
 * `obtain`, downloaded and unpacked now), or the binary at `qemuPath`, or qemu-system-x86_64 on
 * PATH with the host's qboot. Unsupported, with the reason, when there is none; null when a Debian
 * QEMU is not cached and `obtain` is false. A Debian QEMU found is remembered for the process
 * (and concurrent callers share one download).
 */
export async function guestQemu(spec: Pick<GuestOptions, 'qemuPath' | 'qemuPackage'>, cacheDir: string, obtain: boolean): Promise<QemuLookup> {
  const request = spec.qemuPackage;
  if (request === null) {
    const path = await findQemu(spec.qemuPath);
    if (path) return { qemu: { path, firmwareDirs: [], qbootPath: await findQboot() } };
    return {
      unsupported: spec.qemuPath === null ? message.qemuMissing() : message.qemuNotExecutable(spec.qemuPath),
    };
  }
  const key = `${cacheDir}\u0000${obtain}\u0000${JSON.stringify(request)}`;
  let known = debianQemus.get(key);
  if (!known) {
    known = debianQemu(cacheDir, request, obtain).then(
      (found): QemuLookup => (found ? { qemu: { path: found.path, firmwareDirs: found.firmwareDirs, qbootPath: found.qbootPath } } : null),
      (err: Error): QemuLookup => ({ unsupported: message.debianQemuNotObtained(describeQemu(spec), err.message) }),
    );
    debianQemus.set(key, known);
    // Only a QEMU found is kept: a later call retries (the network may be back, doctor may have obtained it).
    void known.then((r) => {
      if (r === null || 'unsupported' in r) debianQemus.delete(key);
    });
  }
  return known;
}

const versions = new Map<string, Promise<string>>();

/** First line of `<program> --version` (cached per program), or a note that it could not be run. */
export function programVersion(program: string): Promise<string> {
  let known = versions.get(program);
  if (!known) {
    known = execa(program, ['--version'], { reject: false, all: true, timeout: 10_000 }).then((r) =>
      r.exitCode === 0 ? (r.all ?? '').split('\n')[0]!.trim() : message.programVersionUnknown(program, r.exitCode ?? r.signal),
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
