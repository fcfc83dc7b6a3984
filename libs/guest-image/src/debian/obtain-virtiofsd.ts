import { lastLines } from '@sharebench/core';
import { access, constants, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { PrivateApt } from './private-apt.js';

/** Debian 13's Rust virtiofsd needs glibc 2.39; these come with it from trixie, with trixie's own loader. */
const RUNTIME_PACKAGES = ['virtiofsd', 'libc6', 'libseccomp2', 'libcap-ng0', 'libgcc-s1'] as const;
const LIB_DIR = 'usr/lib/x86_64-linux-gnu';
const LOADER = `${LIB_DIR}/ld-linux-x86-64.so.2`;

/** How to start an unpacked Rust virtiofsd: its loader and library path before its own arguments. */
export function unpackedDaemonArgv(root: string): string[] {
  return [join(root, LOADER), '--library-path', join(root, LIB_DIR), join(root, 'usr', 'libexec', 'virtiofsd')];
}

/** Where obtainRustVirtiofsd keeps its unpacked copies: `<cacheDir>/virtiofsd/<version>/`. */
export function obtainedDaemonsDir(cacheDir: string): string {
  return join(cacheDir, 'virtiofsd');
}

/** The newest unpacked copy in the cache that starts and says its version, or null. */
export async function cachedRustVirtiofsd(cacheDir: string): Promise<{ argv: string[]; version: string } | null> {
  const dir = obtainedDaemonsDir(cacheDir);
  const versions = (await readdir(dir).catch(() => [] as string[])).filter((v) => !v.startsWith('.')).sort().reverse();
  for (const v of versions) {
    const argv = unpackedDaemonArgv(join(dir, v));
    if (!(await access(argv[0]!, constants.X_OK).then(() => true, () => false))) continue;
    const r = await execa(argv[0]!, [...argv.slice(1), '--version'], { reject: false, timeout: 10_000 });
    if (r.exitCode === 0 && /^virtiofsd \d/.test(r.stdout.trim())) return { argv, version: r.stdout.trim() };
  }
  return null;
}

/**
 * Obtains Debian 13's Rust virtiofsd for a host whose own glibc is too old for it (Debian 12):
 * downloads the daemon and its runtime (libc6, libseccomp2, libcap-ng0, libgcc-s1) from trixie
 * through a private apt state, unpacks them with `dpkg-deb -x` into `<cacheDir>/virtiofsd/<version>/`
 * (a temporary directory renamed into place), and checks the result with `--version`. Nothing is
 * installed on the host.
 */
export async function obtainRustVirtiofsd(cacheDir: string): Promise<{ argv: string[]; version: string }> {
  const apt = await PrivateApt.open(cacheDir);
  const packages = [];
  for (const name of RUNTIME_PACKAGES) {
    const version = await apt.version(name, 'trixie');
    if (!version) throw new Error(`trixie has no package ${name}; cannot obtain the Rust virtiofsd`);
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
    const argv = unpackedDaemonArgv(join(tmp, 'root'));
    const r = await execa(argv[0]!, [...argv.slice(1), '--version'], { reject: false, all: true, timeout: 10_000 });
    if (r.exitCode !== 0) throw new Error(`the unpacked virtiofsd ${daemonVersion} does not start: ${lastLines(r.all ?? '')}`);
    await rm(join(tmp, 'debs'), { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    await rm(finalDir, { recursive: true, force: true });
    await rename(join(tmp, 'root'), finalDir);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  const obtained = await cachedRustVirtiofsd(cacheDir);
  if (!obtained) throw new Error(`virtiofsd ${daemonVersion} was unpacked into ${finalDir} but does not answer --version`);
  return obtained;
}
