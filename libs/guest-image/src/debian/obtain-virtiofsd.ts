import { lastLines } from '@sharebench/core';
import { access, constants, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { PrivateApt } from './private-apt.js';
import { which } from '@sharebench/host';
import { readUnpackedManifest, relinkUnpacked, writeUnpackedManifest } from './relink.js';
import { message } from '../messages.js';

/** Debian 13's Rust virtiofsd needs glibc 2.39; these come with it from trixie, with trixie's own loader. */
const RUNTIME_PACKAGES = ['virtiofsd', 'libc6', 'libseccomp2', 'libcap-ng0', 'libgcc-s1'] as const;
const DAEMON = 'usr/libexec/virtiofsd';
// 1: run as `<loader> --library-path <libs> <daemon>` (its process was ld-linux-x86-64);
// 2: the daemon's interpreter and RPATH point into the tree, so it runs by its own name.
const LAYOUT = 2;

/** How to start an unpacked Rust virtiofsd: the daemon itself (relinked to its own loader and libraries). */
export function unpackedDaemonArgv(root: string): string[] {
  return [join(root, DAEMON)];
}

/** Where obtainRustVirtiofsd keeps its unpacked copies: `<cacheDir>/virtiofsd/<version>/`. */
export function obtainedDaemonsDir(cacheDir: string): string {
  return join(cacheDir, 'virtiofsd');
}

/**
 * The newest unpacked copy in the cache that starts and says its version, or null. A copy of an
 * older layout (run through its loader) or one whose cache dir moved is relinked in place first;
 * without patchelf such a copy is passed over (doctor --fix installs patchelf and obtains anew).
 */
export async function cachedRustVirtiofsd(cacheDir: string): Promise<{ argv: string[]; version: string } | null> {
  const dir = obtainedDaemonsDir(cacheDir);
  const versions = (await readdir(dir).catch(() => [] as string[])).filter((v) => !v.startsWith('.')).sort().reverse();
  for (const v of versions) {
    const root = join(dir, v);
    const argv = unpackedDaemonArgv(root);
    if (!(await access(argv[0]!, constants.X_OK).then(() => true, () => false))) continue;
    const manifest = await readUnpackedManifest(root);
    if (manifest === null || manifest.layout < LAYOUT || manifest.root !== root) {
      const upgraded = await relinkDaemon(root).then(() => true, () => false);
      if (!upgraded) continue;
    }
    const version = await daemonVersion(argv);
    if (version) return { argv, version };
  }
  return null;
}

async function relinkDaemon(root: string): Promise<void> {
  await relinkUnpacked(join(root, DAEMON), root, true);
  await writeUnpackedManifest(root, { layout: LAYOUT, root, own_loader: true });
}

/** Whether the daemon unpacked at `root` starts and says its version. */
async function answersVersion(root: string): Promise<boolean> {
  return (await daemonVersion(unpackedDaemonArgv(root))) !== null;
}

async function daemonVersion(argv: readonly string[]): Promise<string | null> {
  const r = await execa(argv[0]!, [...argv.slice(1), '--version'], { reject: false, all: true, timeout: 10_000 });
  return r.exitCode === 0 && /^virtiofsd \d/.test(r.stdout.trim()) ? r.stdout.trim() : null;
}

/**
 * Obtains Debian 13's Rust virtiofsd for a host whose own glibc is too old for it (Debian 12):
 * downloads the daemon and its runtime (libc6, libseccomp2, libcap-ng0, libgcc-s1) from trixie
 * through a private apt state, unpacks them with `dpkg-deb -x` into `<cacheDir>/virtiofsd/<version>/`
 * (a temporary directory renamed into place), points the daemon at trixie's loader and libraries
 * with patchelf, and checks the result with `--version`. Nothing is installed on the host.
 */
export async function obtainRustVirtiofsd(cacheDir: string): Promise<{ argv: string[]; version: string }> {
  if (!(await which('patchelf'))) throw new Error(message.patchelfMissing());
  const apt = await PrivateApt.open(cacheDir);
  const packages = [];
  for (const name of RUNTIME_PACKAGES) {
    const version = await apt.version(name, 'trixie');
    if (!version) throw new Error(message.trixieHasNoPackage(name));
    packages.push({ name, version });
  }
  const daemonVersion = packages[0]!.version;
  const dir = obtainedDaemonsDir(cacheDir);
  const finalDir = join(dir, daemonVersion);
  const tmp = join(dir, `.${daemonVersion}.${process.pid}`);
  await rm(tmp, { recursive: true, force: true });
  try {
    const debs = await apt.download(packages, join(tmp, 'debs'));
    for (const deb of debs) await execa('dpkg-deb', ['-x', deb, join(tmp, 'root')]);
    await rm(join(tmp, 'debs'), { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    // Another obtainer (a second doctor --fix) may have put this version in place meanwhile, and a
    // daemon may run from it: a copy that answers stays; only a broken one is replaced.
    if (await answersVersion(finalDir)) return (await cachedRustVirtiofsd(cacheDir))!;
    await rm(finalDir, { recursive: true, force: true });
    await rename(join(tmp, 'root'), finalDir);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  // Relinked where it will stay: the interpreter path is absolute.
  try {
    await relinkDaemon(finalDir);
  } catch (err) {
    await rm(finalDir, { recursive: true, force: true });
    throw err;
  }
  const argv = unpackedDaemonArgv(finalDir);
  const r = await execa(argv[0]!, ['--version'], { reject: false, all: true, timeout: 10_000 });
  if (r.exitCode !== 0) {
    await rm(finalDir, { recursive: true, force: true });
    throw new Error(message.unpackedDoesNotStart('virtiofsd', daemonVersion, lastLines(r.all ?? '')));
  }
  const obtained = await cachedRustVirtiofsd(cacheDir);
  if (!obtained) throw new Error(message.unpackedNoVersion('virtiofsd', daemonVersion, finalDir));
  return obtained;
}
