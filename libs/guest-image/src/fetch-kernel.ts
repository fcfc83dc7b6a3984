import { lastLines } from '@sharebench/core';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import type { KernelPackage } from './kernel-package.js';
import { PrivateApt } from './debian/private-apt.js';
import { message } from './messages.js';

/** What a kernel package unpacks to. */
export interface ExtractedKernel {
  /** The compressed kernel (bzImage), `boot/vmlinuz-<release>`. */
  bzImagePath: string;
  configPath: string;
  /** `uname -r` of that kernel. */
  release: string;
  /** `lib/modules/<release>`. */
  modulesDir: string;
}

/**
 * Downloads `pkg` with `apt-get download` into `workDir` and unpacks it there with `dpkg-deb -x`;
 * nothing is installed on the host (its /boot and /lib/modules are never touched).
 */
export async function fetchKernel(pkg: KernelPackage, workDir: string, aptCacheDir: string): Promise<ExtractedKernel> {
  if (pkg.suite) {
    await (await PrivateApt.open(aptCacheDir)).download([pkg], workDir);
  } else {
    const download = await execa('apt-get', ['download', `${pkg.name}=${pkg.version}`], { cwd: workDir, reject: false, all: true });
    if (download.exitCode !== 0) {
      throw new Error(message.kernelDownloadFailed(`${pkg.name}=${pkg.version}`, download.exitCode, lastLines(download.all ?? '', 3)));
    }
  }
  const deb = (await readdir(workDir)).find((f) => f.startsWith(`${pkg.name}_`) && f.endsWith('.deb'));
  if (!deb) throw new Error(message.kernelDownloadLeftNoDeb(pkg.name, workDir));
  const root = join(workDir, 'root');
  await execa('dpkg-deb', ['-x', join(workDir, deb), root]);
  // Debian moves modules to usr/lib/modules with the /usr merge; older packages use lib/modules.
  for (const modulesRoot of [join(root, 'lib', 'modules'), join(root, 'usr', 'lib', 'modules')]) {
    const releases = await readdir(modulesRoot).catch(() => [] as string[]);
    const rel = releases[0];
    if (rel === undefined) continue;
    if (releases.length !== 1) throw new Error(message.kernelModuleTrees(deb, releases.length, modulesRoot));
    return {
      bzImagePath: join(root, 'boot', `vmlinuz-${rel}`),
      configPath: join(root, 'boot', `config-${rel}`),
      release: rel,
      modulesDir: join(modulesRoot, rel),
    };
  }
  throw new Error(message.kernelNoModuleTree(deb, pkg.name));
}


