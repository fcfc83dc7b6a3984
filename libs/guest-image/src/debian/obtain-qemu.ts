import { access, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { lastLines } from '@sharebench/core';
import { join } from 'node:path';
import { execa } from 'execa';
import { which } from '@sharebench/host';
import { EXTRA_SUITES, PrivateApt, type ExtraSuite } from './private-apt.js';
import { dependencyClosure, parseDepends, type ClosureSources, type PackageRecord } from './dependency-closure.js';
import { readUnpackedManifest, relinkUnpacked, writeUnpackedManifest, type UnpackedManifest } from './relink.js';
import { message } from '../messages.js';

const QEMU_PACKAGE = 'qemu-system-x86';
// Firmware always comes from the QEMU's own suite, even where the host's would do: a QEMU is
// measured with the ROMs it was released with.
const FIRMWARE_PACKAGES = ['qemu-system-data', 'seabios'];
const BINARY = 'usr/bin/qemu-system-x86_64';
// Where QEMU finds its firmware: Debian builds it with this search path, not relocatable, so an
// unpacked QEMU is given its own copies with -L ahead of the host's.
const FIRMWARE_DIRS = ['usr/share/qemu', 'usr/share/seabios', 'usr/lib/ipxe/qemu'];
const LAYOUT = 1;

/** A QEMU unpacked from Debian packages into the cache. */
export interface DebianQemu {
  /** The qemu-system-x86_64 to run (relinked to the libraries unpacked beside it). */
  path: string;
  /** First line of its `--version`: "QEMU emulator version 10.0.2 (Debian 1:10.0.2+ds-2+deb13u1~bpo12+1)". */
  version: string;
  /** The qemu-system-x86 package version: "1:10.0.2+ds-2+deb13u1~bpo12+1". */
  packageVersion: string;
  suite: ExtraSuite;
  /** `<cacheDir>/qemu/<packageVersion>/` (`1%3a10.0.2...`: an epoch's colon would split the RPATH). */
  root: string;
  /** Its suite's firmware directories, for `-L` before QEMU's compiled-in ones. */
  firmwareDirs: string[];
  /** Its suite's qboot.rom, or null. */
  qbootPath: string | null;
  /** Whether it runs through the glibc unpacked with it (the host's was too old). */
  ownLoader: boolean;
  /** Every package unpacked: QEMU, its firmware, and what the host lacked or had too old. */
  packages: Array<{ name: string; version: string }>;
}

interface QemuManifest extends UnpackedManifest {
  suite: ExtraSuite;
  package_version: string;
  packages: Array<{ name: string; version: string }>;
}

/** What an env's `"qemu"` asks for when it is not a path: a suite's current QEMU, or one package version. */
export type QemuPackageRequest = { suite: ExtraSuite } | { version: string };

// Debian policy: [epoch:]upstream[-revision], the upstream part starting with a digit.
const DEBIAN_VERSION = /^(\d+:)?\d[A-Za-z0-9.+~-]*$/;

/** `value` as a suite or package version request, or null when it is neither (a path, or a mistake). */
export function parseQemuPackageRequest(value: string): QemuPackageRequest | null {
  if ((EXTRA_SUITES as readonly string[]).includes(value)) return { suite: value as ExtraSuite };
  return DEBIAN_VERSION.test(value) ? { version: value } : null;
}

/** Where obtainDebianQemu keeps its unpacked QEMUs: `<cacheDir>/qemu/<package version>/` (an epoch's `:` as `%3a`). */
export function obtainedQemusDir(cacheDir: string): string {
  return join(cacheDir, 'qemu');
}

/** Every complete unpacked QEMU in the cache that answers `--version`, newest package version first. */
export async function cachedDebianQemus(cacheDir: string): Promise<DebianQemu[]> {
  const dir = obtainedQemusDir(cacheDir);
  const names = (await readdir(dir).catch(() => [] as string[])).filter((v) => !v.startsWith('.'));
  const found: DebianQemu[] = [];
  for (const name of names) {
    const qemu = await unpackedQemu(join(dir, name));
    if (qemu) found.push(qemu);
  }
  return found.sort((a, b) => b.packageVersion.localeCompare(a.packageVersion, 'en', { numeric: true }));
}

async function unpackedQemu(root: string): Promise<DebianQemu | null> {
  const manifest = await readUnpackedManifest<QemuManifest>(root);
  if (!manifest || manifest.layout !== LAYOUT) return null;
  const path = join(root, BINARY);
  if (manifest.root !== root) {
    // The cache dir moved: the interpreter and RPATH still name the old place.
    const relinked = await relinkUnpacked(path, root, manifest.own_loader).then(() => true, () => false);
    if (!relinked) return null;
    await writeUnpackedManifest(root, { ...manifest, root });
  }
  const version = await qemuVersion(path);
  if (!version) return null;
  const firmwareDirs = [];
  for (const dir of FIRMWARE_DIRS) if (await exists(join(root, dir))) firmwareDirs.push(join(root, dir));
  const qboot = join(root, 'usr/share/qemu/qboot.rom');
  return {
    path,
    version,
    packageVersion: manifest.package_version,
    suite: manifest.suite,
    root,
    firmwareDirs,
    qbootPath: (await exists(qboot)) ? qboot : null,
    ownLoader: manifest.own_loader,
    packages: manifest.packages,
  };
}

/**
 * The QEMU `request` names, from the cache, else (with `obtain`) obtained now; null when it is not
 * cached and `obtain` is false. A suite stands for its current version (apt's lists, refreshed
 * daily); when they cannot be read, the newest copy of that suite in the cache does.
 */
export async function debianQemu(cacheDir: string, request: QemuPackageRequest, obtain: boolean): Promise<DebianQemu | null> {
  const cached = await cachedDebianQemus(cacheDir);
  if ('version' in request) {
    const hit = cached.find((q) => q.packageVersion === request.version);
    if (hit || !obtain) return hit ?? null;
    return obtainDebianQemu(cacheDir, request);
  }
  let version: string | null;
  try {
    version = await (await PrivateApt.open(cacheDir)).version(QEMU_PACKAGE, request.suite);
  } catch (err) {
    const newest = cached.find((q) => q.suite === request.suite);
    if (newest) return newest;
    throw err;
  }
  if (version === null) throw new Error(message.suiteHasNoPackage(request.suite, QEMU_PACKAGE));
  const hit = cached.find((q) => q.packageVersion === version);
  if (hit || !obtain) return hit ?? null;
  return obtainDebianQemu(cacheDir, { version });
}

/**
 * Obtains a Debian QEMU without installing anything: resolves the request to a qemu-system-x86
 * version and its suite through a private apt state; works out what it needs beyond the host
 * (every Depends the host's installed packages do not satisfy, taken from the same suite,
 * recursively; the suite's qemu-system-data and seabios always); downloads those; unpacks them with
 * `dpkg-deb -x` into `<cacheDir>/qemu/<version>/`; relinks qemu-system-x86_64 to the libraries
 * unpacked beside it (and to their loader when a newer glibc came along), so `ps` shows it by its
 * own name; and checks it with `--version`.
 */
export async function obtainDebianQemu(cacheDir: string, request: QemuPackageRequest): Promise<DebianQemu> {
  if (!(await which('patchelf'))) throw new Error(message.patchelfMissing());
  if (!(await which('dpkg-deb')) || !(await which('dpkg-query'))) {
    throw new Error(message.dpkgMissing());
  }
  const apt = await PrivateApt.open(cacheDir);
  const { version, suite } = await resolveRequest(apt, request);
  const rootRecord = toRecord(QEMU_PACKAGE, await apt.control(QEMU_PACKAGE, { version }));
  if (!rootRecord) throw new Error(message.aptHasNoRecord(QEMU_PACKAGE, version));
  const sources = await closureSources(apt, suite);
  const packages = await dependencyClosure(rootRecord, FIRMWARE_PACKAGES, sources).catch((err: Error) => {
    throw new Error(message.cannotObtainQemu(version, suite, err.message));
  });
  const list = packages.map((p) => ({ name: p.name, version: p.version }));

  const dir = obtainedQemusDir(cacheDir);
  // An epoch's colon would split the RPATH (a colon-separated list): written as apt names .debs.
  const dirName = version.replace(/:/g, '%3a');
  const finalDir = join(dir, dirName);
  const tmp = join(dir, `.${dirName}.${process.pid}`);
  await rm(tmp, { recursive: true, force: true });
  try {
    const debs = await apt.download(list, join(tmp, 'debs'));
    for (const deb of debs) await execa('dpkg-deb', ['-x', deb, join(tmp, 'root')]);
    await mkdir(dir, { recursive: true });
    await rm(finalDir, { recursive: true, force: true });
    await rename(join(tmp, 'root'), finalDir);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  const ownLoader = list.some((p) => p.name === 'libc6');
  const manifest: QemuManifest = { layout: LAYOUT, root: finalDir, own_loader: ownLoader, suite, package_version: version, packages: list };
  try {
    // Relinked where it will stay: the interpreter and RPATH are absolute paths.
    await relinkUnpacked(join(finalDir, BINARY), finalDir, ownLoader);
    const r = await execa(join(finalDir, BINARY), ['--version'], { reject: false, all: true, timeout: 20_000 });
    if (r.exitCode !== 0) throw new Error(message.unpackedDoesNotStart('QEMU', version, lastLines(r.all ?? '')));
    await writeUnpackedManifest(finalDir, manifest);
  } catch (err) {
    await rm(finalDir, { recursive: true, force: true });
    throw err;
  }
  const obtained = await unpackedQemu(finalDir);
  if (!obtained) throw new Error(message.unpackedNoVersion('QEMU', version, finalDir));
  return obtained;
}

async function resolveRequest(apt: PrivateApt, request: QemuPackageRequest): Promise<{ version: string; suite: ExtraSuite }> {
  if ('suite' in request) {
    const version = await apt.version(QEMU_PACKAGE, request.suite);
    if (!version) throw new Error(message.suiteHasNoPackage(request.suite, QEMU_PACKAGE));
    return { version, suite: request.suite };
  }
  const all = await apt.versions(QEMU_PACKAGE);
  const hit = all.find((v) => v.version === request.version);
  if (!hit) {
    const known = all.map((v) => `${v.version} (${v.suite})`).join(', ');
    throw new Error(message.suitesHaveNoVersion(EXTRA_SUITES, QEMU_PACKAGE, request.version, known));
  }
  return hit;
}

function toRecord(name: string, fields: Record<string, string> | null): PackageRecord | null {
  if (!fields?.['Version']) return null;
  const depends = [fields['Pre-Depends'], fields['Depends']].filter((f): f is string => !!f).join(', ');
  return { name, version: fields['Version'], depends: parseDepends(depends) };
}

async function closureSources(apt: PrivateApt, suite: ExtraSuite): Promise<ClosureSources> {
  const installed = await installedPackages();
  const compared = new Map<string, Promise<boolean>>();
  return {
    installed: (name) => installed.get(name) ?? [],
    available: async (name) => toRecord(name, await apt.control(name, { suite })),
    satisfies: (version, op, wanted) => {
      const key = `${version} ${op} ${wanted}`;
      let known = compared.get(key);
      if (!known) {
        known = execa('dpkg', ['--compare-versions', version, op, wanted], { reject: false }).then((r) => r.exitCode === 0);
        compared.set(key, known);
      }
      return known;
    },
  };
}

// What dpkg has installed: each package's version, and what it provides (versioned or not).
async function installedPackages(): Promise<Map<string, Array<string | null>>> {
  const r = await execa('dpkg-query', ['-W', '-f=${db:Status-Abbrev}\t${Package}\t${Version}\t${Provides}\n']);
  const out = new Map<string, Array<string | null>>();
  const add = (name: string, version: string | null) => out.set(name, [...(out.get(name) ?? []), version]);
  for (const line of r.stdout.split('\n')) {
    const [status, name, version, provides] = line.split('\t');
    if (!status?.startsWith('ii') || !name || !version) continue;
    add(name, version);
    for (const clause of parseDepends(provides ?? '')) for (const p of clause) add(p.name, p.op === '=' ? p.version : null);
  }
  return out;
}

async function qemuVersion(path: string): Promise<string | null> {
  const r = await execa(path, ['--version'], { reject: false, all: true, timeout: 20_000 });
  const first = (r.all ?? '').split('\n')[0]?.trim() ?? '';
  return r.exitCode === 0 && /^QEMU emulator version \d/.test(first) ? first : null;
}

const exists = (path: string) => access(path).then(() => true, () => false);

