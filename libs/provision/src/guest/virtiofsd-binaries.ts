import { access, constants } from 'node:fs/promises';
import { execa } from 'execa';
import { cachedRustVirtiofsd } from '@sharebench/guest-image';
import { which } from '@sharebench/host';

/** The two virtiofsd implementations: QEMU's C daemon (until QEMU 7.2) and the Rust one (gitlab virtio-fs/virtiofsd). */
export type DaemonFlavour = 'c' | 'rust';

/** A virtiofsd this machine can start. */
export interface Daemon {
  flavour: DaemonFlavour;
  /** The program (and, for an unpacked Debian 13 copy, its loader) before the daemon's own arguments. */
  argv: string[];
  /** First line of `--version`: "virtiofsd 1.13.2" (Rust), "virtiofsd version 7.2.22 (...)" (C). */
  version: string;
}

// Debian 12's qemu-system-common ships the C daemon off PATH; later releases ship the Rust one as
// /usr/libexec/virtiofsd (and some put it on PATH).
const C_CANDIDATES = ['/usr/lib/qemu/virtiofsd'];
const RUST_CANDIDATES = ['/usr/libexec/virtiofsd'];

const found = new Map<string, Promise<Daemon | null>>();

/**
 * The virtiofsd of `flavour` here, told apart by what `--version` prints: a Rust daemon on PATH or
 * in /usr/libexec, else the copy `sharebench doctor --fix` unpacked into `cacheDir`; the C daemon
 * in /usr/lib/qemu or on PATH. Null when there is none. A daemon found is remembered for the
 * process; none found is asked again (doctor --fix, or a test, may obtain one meanwhile).
 */
export function findDaemon(flavour: DaemonFlavour, cacheDir: string): Promise<Daemon | null> {
  const key = `${flavour}\u0000${cacheDir}`;
  let known = found.get(key);
  if (!known) {
    known = lookup(flavour, cacheDir);
    found.set(key, known);
    void known.then((daemon) => {
      if (daemon === null) found.delete(key);
    });
  }
  return known;
}

async function lookup(flavour: DaemonFlavour, cacheDir: string): Promise<Daemon | null> {
  const onPath = await which('virtiofsd');
  const candidates = [...(flavour === 'c' ? C_CANDIDATES : RUST_CANDIDATES), ...(onPath ? [onPath] : [])];
  for (const path of candidates) {
    if (!(await access(path, constants.X_OK).then(() => true, () => false))) continue;
    const version = await versionOf([path]);
    if (version && flavourOf(version) === flavour) return { flavour, argv: [path], version };
  }
  if (flavour === 'rust') {
    const cached = await cachedRustVirtiofsd(cacheDir);
    if (cached) return { flavour, ...cached };
  }
  return null;
}

/** Which implementation a `--version` line is from. */
export function flavourOf(versionLine: string): DaemonFlavour | null {
  if (/^virtiofsd version \d/.test(versionLine)) return 'c';
  if (/^virtiofsd v?\d/.test(versionLine)) return 'rust';
  return null;
}

async function versionOf(argv: readonly string[]): Promise<string | null> {
  const r = await execa(argv[0]!, [...argv.slice(1), '--version'], { reject: false, all: true, timeout: 10_000 });
  return r.exitCode === 0 ? ((r.all ?? '').split('\n')[0]?.trim() ?? null) : null;
}

/** Forgets what findDaemon found (after `doctor --fix` obtained a daemon). */
export function forgetDaemons(): void {
  found.clear();
}
