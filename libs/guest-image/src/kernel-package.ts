import { readFile, stat } from 'node:fs/promises';
import { release } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { InputError, writeFileAtomic } from '@sharebench/core';
import { EXTRA_SUITES, PrivateApt, type ExtraSuite } from './debian/private-apt.js';
import { message } from './messages.js';

/** A Debian kernel image package, as apt knows it. */
export interface KernelPackage {
  name: string;
  version: string;
  /** The extra suite it comes from through sharebench's private apt state; absent: the host's own apt sources. */
  suite?: ExtraSuite;
}

/** Environment variable that picks the guest kernel package (e.g. `linux-image-6.1.0-50-amd64`). */
export const KERNEL_PACKAGE_ENV = 'SHAREBENCH_GUEST_KERNEL';

/**
 * Picks the Debian kernel package for the guest, without downloading it: `override` (or the
 * SHAREBENCH_GUEST_KERNEL variable) when given; else the host's own kernel when it is a Debian
 * `-amd64` kernel apt still offers; else the one the `linux-image-amd64` metapackage depends on
 * (the distribution's current kernel, 6.1 on Debian 12). The `-cloud-` flavour lacks 9p and is refused.
 * Each apt-cache call takes about a second where apt keeps no binary cache (Debian's container
 * images), so the answer is kept in `<cacheDir>/kernel-choice.json` until apt's lists change.
 */
export async function pickKernelPackage(override: string | null, cacheDir: string | null): Promise<KernelPackage> {
  // (cacheDir is the guest image cache, <cache>/guest: the private apt state lives beside it.)
  const asked = override ?? process.env[KERNEL_PACKAGE_ENV] ?? null;
  const aptState = await Promise.all(['/var/lib/apt/lists', '/etc/apt'].map((p) => stat(p).then((s) => s.mtimeMs, () => 0)));
  const key = JSON.stringify([asked, release(), ...aptState]);
  const storePath = cacheDir === null ? null : join(cacheDir, 'kernel-choice.json');
  // One answer per question: campaigns mix guest kernels, and each lookup costs apt-cache calls.
  const stored: Record<string, KernelPackage> = storePath
    ? await readFile(storePath, 'utf8').then((t) => JSON.parse(t) as Record<string, KernelPackage>, () => ({}))
    : {};
  const known = typeof stored === 'object' && stored !== null ? stored[key] : undefined;
  if (known?.name) return known;
  const pkg = await resolveKernelPackage(asked, cacheDir === null ? null : dirname(cacheDir));
  if (storePath) await writeFileAtomic(storePath, JSON.stringify({ ...stored, [key]: pkg }));
  return pkg;
}

async function resolveKernelPackage(asked: string | null, aptCacheDir: string | null): Promise<KernelPackage> {
  if (asked && (EXTRA_SUITES as readonly string[]).includes(asked)) {
    // A suite: the kernel its linux-image-amd64 metapackage depends on (6.12 in bookworm-backports).
    const suite = asked as ExtraSuite;
    const apt = await PrivateApt.open(requireCache(aptCacheDir));
    const name = await apt.dependency('linux-image-amd64', suite, /^linux-image-[0-9].*-amd64$/);
    const version = name ? await apt.version(name, suite) : null;
    if (!name || !version) throw new InputError(message.kernelSuiteHasNone(asked, suite));
    return { name, version, suite };
  }
  if (asked) {
    const name = asked.startsWith('linux-image-') ? asked : `linux-image-${asked}`;
    if (!/^linux-image-[0-9][A-Za-z0-9.+~-]*$/.test(name)) {
      throw new InputError(message.kernelNotAPackageName(asked));
    }
    if (name.includes('-cloud-')) {
      throw new InputError(message.kernelCloudFlavour(name));
    }
    const version = await candidateVersion(name);
    if (!version && aptCacheDir !== null) {
      // Not in the host's sources: a newer suite's kernel (bookworm-backports, trixie)?
      const apt = await PrivateApt.open(aptCacheDir);
      for (const suite of EXTRA_SUITES) {
        const v = await apt.version(name, suite);
        if (v) return { name, version: v, suite };
      }
    }
    if (!version) {
      throw new InputError(message.kernelUnknownToApt(name, EXTRA_SUITES));
    }
    return { name, version };
  }
  const running = release();
  if (/^\d+\.\d+\.\d+-\d+-amd64$/.test(running)) {
    const version = await candidateVersion(`linux-image-${running}`);
    if (version) return { name: `linux-image-${running}`, version };
  }
  const { stdout } = await execa('apt-cache', ['depends', 'linux-image-amd64'], { reject: false });
  const dep = /Depends:\s+(linux-image-[^\s<>]+-amd64)\b/.exec(stdout)?.[1];
  if (dep && !dep.includes('-cloud-')) {
    const version = await candidateVersion(dep);
    if (version) return { name: dep, version };
  }
  throw new InputError(message.kernelNotFound(KERNEL_PACKAGE_ENV));
}

function requireCache(dir: string | null): string {
  if (dir === null) throw new InputError(message.kernelSuiteNeedsCache());
  return dir;
}

async function candidateVersion(name: string): Promise<string | null> {
  const { stdout } = await execa('apt-cache', ['policy', name], { reject: false });
  const candidate = /^\s*Candidate:\s*(\S+)/m.exec(stdout)?.[1];
  return candidate && candidate !== '(none)' ? candidate : null;
}
