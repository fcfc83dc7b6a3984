import { join } from 'node:path';
import type { EnvMeta, VirtiofsCacheMode } from '@sharebench/core';
import type { EnvContext, VirtiofsEnvSpec } from './spec.js';
import type { Environment, OpenOptions } from './types.js';
import { fuseOptionValue } from './guest/escape.js';
import { assertEnvSpec } from './spec-problems.js';
import { guestUnsupportedReason, openGuest, type GuestEnvOptions, type ShareSetup } from './guest/open-guest.js';
import { guestQemu, programVersion, qemuHasDaxWindow } from './guest/qemu-binaries.js';
import { findDaemon, type Daemon } from './guest/virtiofsd-binaries.js';
import { message } from './messages.js';

/**
 * A virtio-fs environment: virtiofsd (the C daemon of QEMU <= 7.2, or the Rust one) serves a
 * dedicated scratch directory (`spec.sharedDir`, or `<ctx.scratchRoot>/<spec.name>`) over a
 * vhost-user socket, QEMU boots the sharebench guest image with guest RAM in a shared memfd, and
 * every run executes fio inside that guest on the virtio-fs mount. Throws an InputError right away
 * for a spec that can never work (bad name, tag or size).
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
      openGuest({ name: spec.name, spec, ctx, options, unsupportedReason, setupShare: (paths) => setupVirtiofs(spec, ctx, options, paths) }, open),
  };
}

/** The daemon a spec runs with: the one it names, else the Rust one when found, else the C one. */
export async function virtiofsDaemon(spec: Pick<VirtiofsEnvSpec, 'daemon'>, cacheDir: string): Promise<Daemon | null> {
  if (spec.daemon) return findDaemon(spec.daemon, cacheDir);
  return (await findDaemon('rust', cacheDir)) ?? (await findDaemon('c', cacheDir));
}

/** The policy word `daemon` takes for `cache` (none and never are one policy), or null when it has none. */
export function daemonCache(cache: VirtiofsCacheMode, flavour: Daemon['flavour']): string | null {
  if (flavour === 'c') return cache === 'never' ? 'none' : cache === 'metadata' ? null : cache;
  return cache === 'none' ? 'never' : cache;
}

async function virtiofsUnsupportedReason(spec: VirtiofsEnvSpec, ctx: EnvContext, options: GuestEnvOptions): Promise<string | null> {
  const common = await guestUnsupportedReason(spec, ctx, options);
  if (common) return common;
  const daemon = await virtiofsDaemon(spec, ctx.cacheDir);
  if (!daemon) {
    return spec.daemon === 'rust' ? message.rustVirtiofsdMissing() : message.virtiofsdMissing();
  }
  if (daemonCache(spec.cache, daemon.flavour) === null) return message.cVirtiofsdNoCacheMode(spec.cache);
  if (daemon.flavour === 'c' && spec.sandbox === 'none') return message.sandboxNoneNeedsRust(daemon.version);
  if (daemon.flavour === 'c' && (spec.allowMmap || spec.inodeFileHandles !== null)) {
    return message.optionNeedsRust(spec.allowMmap ? 'allow_mmap' : 'inode_file_handles', daemon.version);
  }
  if (process.getuid?.() !== 0) return message.virtiofsdNeedsRoot();
  if (spec.daxWindowBytes !== null) {
    // guestUnsupportedReason above found (or obtained) it.
    const found = await guestQemu(spec, ctx.cacheDir, true);
    const qemu = found && 'qemu' in found ? found.qemu.path : 'qemu-system-x86_64';
    if (!(await qemuHasDaxWindow(qemu))) return message.qemuNoDaxWindow(await programVersion(qemu), spec.name);
  }
  return null;
}

// The daemons' defaults where a spec leaves them: the C daemon's worker pool, the Rust one's (none).
const DEFAULT_THREAD_POOL = { c: 64, rust: 0 } as const;
// Capabilities the daemons keep by default that fio and the tree operations never need: with them
// the guest's root could make device nodes (a raw disk of the host, say) and file capabilities in
// the share. Podman drops the same two for its machines.
const DROPPED_CAPS = '-mknod:-setfcap';

async function setupVirtiofs(
  spec: VirtiofsEnvSpec,
  ctx: EnvContext,
  options: GuestEnvOptions,
  paths: { sharedDir: string; runDir: string; logDir: string; pin: string[] },
): Promise<ShareSetup> {
  const daemon = (await virtiofsDaemon(spec, ctx.cacheDir))!;
  const socketPath = join(paths.runDir, 'virtiofsd.sock');
  const cache = daemonCache(spec.cache, daemon.flavour)!;
  const pool = spec.threadPoolSize === null ? [] : [`--thread-pool-size=${spec.threadPoolSize}`];
  const flags =
    daemon.flavour === 'c'
      ? [
          `--socket-path=${socketPath}`,
          '-o', `source=${fuseOptionValue(paths.sharedDir)}`,
          '-o', `cache=${cache}`,
          '-o', spec.xattr ? 'xattr' : 'no_xattr',
          '-o', spec.allowDirectIo ? 'allow_direct_io' : 'no_allow_direct_io',
          '-o', `sandbox=${spec.sandbox}`,
          '-o', `modcaps=${DROPPED_CAPS}`,
          ...pool,
        ]
      : [
          `--socket-path=${socketPath}`,
          `--shared-dir=${paths.sharedDir}`,
          `--cache=${cache}`,
          ...(spec.xattr ? ['--xattr'] : []),
          ...(spec.allowDirectIo ? ['--allow-direct-io'] : []),
          ...(spec.allowMmap ? ['--allow-mmap'] : []),
          ...(spec.inodeFileHandles ? [`--inode-file-handles=${spec.inodeFileHandles}`] : []),
          `--sandbox=${spec.sandbox}`,
          `--modcaps=${DROPPED_CAPS}`,
          ...pool,
        ];
  const argv = [...paths.pin, ...daemon.argv, ...flags];
  return {
    kind: 'virtiofs',
    share: { kind: 'virtiofs', socketPath, tag: spec.tag, daxWindowBytes: spec.daxWindowBytes },
    mountOptions: spec.daxWindowBytes === null ? 'rw' : 'rw,dax=always',
    expectedMount: { fs: 'virtiofs', tag: options.testing?.guestTag ?? spec.tag, dax: spec.daxWindowBytes !== null },
    daemon: { argv, socketPath, logPath: join(paths.logDir, 'virtiofsd.log') },
    record: {
      kind: 'virtiofs',
      daemon: { flavour: daemon.flavour, version: daemon.version, argv },
      cache,
      xattr: spec.xattr,
      thread_pool_size: spec.threadPoolSize ?? DEFAULT_THREAD_POOL[daemon.flavour],
      allow_direct_io: spec.allowDirectIo,
      allow_mmap: spec.allowMmap,
      inode_file_handles: spec.inodeFileHandles,
      dax_window_bytes: spec.daxWindowBytes,
    },
  };
}
