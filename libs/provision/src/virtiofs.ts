import { join } from 'node:path';
import type { EnvMeta } from '@sharebench/core';
import type { EnvContext, VirtiofsEnvSpec } from './spec.js';
import type { Environment, OpenOptions } from './types.js';
import { fuseOptionValue } from './guest/escape.js';
import { assertEnvSpec } from './spec-problems.js';
import { guestUnsupportedReason, openGuest, type GuestEnvOptions, type ShareSetup } from './guest/open-guest.js';
import { findQemu, findVirtiofsd, programVersion, qemuHasDaxWindow } from './system/qemu-binaries.js';

/**
 * A virtio-fs environment: virtiofsd serves a dedicated scratch directory (`spec.sharedDir`, or
 * `<ctx.scratchRoot>/<spec.name>`) over a vhost-user socket, QEMU boots the sharebench guest
 * image with guest RAM in a shared memfd, and every run executes fio inside that guest on the
 * virtio-fs mount. Throws an InputError right away for a spec that can never work (bad name, tag
 * or size).
 */
export function createVirtiofsEnvironment(spec: VirtiofsEnvSpec, ctx: EnvContext, options: GuestEnvOptions = {}): Environment {
  assertEnvSpec(spec);
  const meta: EnvMeta = { name: spec.name, fs: 'virtiofs', cache: spec.cache, dax: spec.daxWindowBytes !== null, numa: spec.numa };
  const unsupportedReason = () => virtiofsUnsupportedReason(spec, ctx, options);
  return {
    meta,
    kind: 'virtiofs',
    unsupportedReason,
    open: (open: OpenOptions) =>
      openGuest({ name: spec.name, spec, ctx, options, unsupportedReason, setupShare: (paths) => setupVirtiofs(spec, options, paths) }, open),
  };
}

async function virtiofsUnsupportedReason(spec: VirtiofsEnvSpec, ctx: EnvContext, options: GuestEnvOptions): Promise<string | null> {
  const common = await guestUnsupportedReason(spec, ctx, options);
  if (common) return common;
  if (!(await findVirtiofsd())) {
    return 'virtiofsd is not installed (Debian 12: /usr/lib/qemu/virtiofsd from qemu-system-common); apt-get install qemu-system-common';
  }
  if (process.getuid?.() !== 0) return 'virtiofsd must run as root here (it sandboxes itself with namespaces); run sharebench as root';
  if (spec.daxWindowBytes !== null) {
    const qemu = (await findQemu())!;
    if (!(await qemuHasDaxWindow(qemu))) {
      return `this QEMU (${await programVersion(qemu)}) has no DAX window for virtio-fs (its vhost-user-fs-pci has no cache-size property); ` +
        `drop dax from ${spec.name} or use a QEMU built with virtio-fs DAX support`;
    }
  }
  return null;
}

async function setupVirtiofs(
  spec: VirtiofsEnvSpec,
  options: GuestEnvOptions,
  paths: { sharedDir: string; runDir: string; logDir: string; pin: string[] },
): Promise<ShareSetup> {
  const virtiofsd = (await findVirtiofsd())!;
  const socketPath = join(paths.runDir, 'virtiofsd.sock');
  const argv = [
    ...paths.pin,
    virtiofsd,
    `--socket-path=${socketPath}`,
    '-o', `source=${fuseOptionValue(paths.sharedDir)}`,
    '-o', `cache=${spec.cache}`,
    '-o', spec.xattr ? 'xattr' : 'no_xattr',
    ...(spec.threadPoolSize === null ? [] : [`--thread-pool-size=${spec.threadPoolSize}`]),
  ];
  return {
    kind: 'virtiofs',
    share: { kind: 'virtiofs', socketPath, tag: spec.tag, daxWindowBytes: spec.daxWindowBytes },
    mountOptions: spec.daxWindowBytes === null ? 'rw' : 'rw,dax=always',
    expectedMount: { fs: 'virtiofs', tag: options.testing?.guestTag ?? spec.tag, dax: spec.daxWindowBytes !== null },
    daemon: { argv, socketPath, logPath: join(paths.logDir, 'virtiofsd.log') },
    record: {
      kind: 'virtiofs',
      daemon: { version: await programVersion(virtiofsd), argv },
      cache: spec.cache,
      xattr: spec.xattr,
      thread_pool_size: spec.threadPoolSize,
      dax_window_bytes: spec.daxWindowBytes,
    },
  };
}
