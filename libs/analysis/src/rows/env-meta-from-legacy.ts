import { FsKind, ninepCacheOf, parseSize, type CacheMode, type EnvMeta } from '@sharebench/core';
import { envMetaFromName } from './env-meta-from-name.js';
import { mountOptions } from './mount-options.js';
import { message } from '../messages.js';

const MOUNT_TYPES: Readonly<Record<string, FsKind>> = {
  virtiofs: FsKind.virtiofs,
  '9p': FsKind.ninep,
  'fuse.sshfs': FsKind.sshfs,
  nfs: FsKind.nfs,
  nfs4: FsKind.nfs,
};

// The seed names DAX runs `...-dax-16G`: the window QEMU's cache-size gave the device.
const DAX_WINDOW = /(?:^|[-_])dax[-_]?(\d+(?:\.\d+)?[kmgt])(?:i?b)?(?=$|[-_])/i;

/** An environment as a legacy log describes it: EnvMeta, what else it says, and where name and mount line disagree. */
export interface LegacyEnv {
  meta: EnvMeta;
  /** 9p: the mount line's msize, bytes. */
  msize: number | null;
  /** virtio-fs with DAX: the window the name gives (`dax-16G`), bytes. */
  dax_window_bytes: number | null;
  /** Each place the name said otherwise than the mount line (the mount line wins), for a warning. */
  conflicts: Array<{ field: string; value: string; message: string }>;
}

/**
 * Environment of a legacy run-fio-test.sh log. The env is `envOverride` or TEST_NAME. What the
 * kernel reported wins: fs from the MOUNTPOINT line's type, DAX from its `dax` option (virtio-fs),
 * the cache mode and msize from its options (9p). The name, where it follows the study's naming
 * (`vtfs`/`virtiofs`/`9p`, `[cache-]none|auto|always|mmap|loose`, `dax[-<size>]`, `node[N]`),
 * gives what the mount line cannot: the virtio-fs cache mode (virtiofsd's, not the guest's), the
 * DAX window and the NUMA node; where it contradicts the mount line, that is reported. Without a
 * mount line, the name and a non-empty VIRTO_SHM_REGIONS (the script's spelling) decide.
 */
export function envMetaFromLegacy(header: Readonly<Record<string, string>>, envOverride?: string): LegacyEnv {
  const name = envOverride ?? (header['TEST_NAME']?.trim() || 'unknown');
  const fromName = envMetaFromName(name);
  const mount = mountOptions(header['MOUNTPOINT']);
  const conflicts: LegacyEnv['conflicts'] = [];
  const disagree = (field: string, byName: unknown, byMount: unknown) => {
    conflicts.push({ field: `MOUNTPOINT ${field}`, value: String(byMount), message: message.legacyNameDisagrees(name, field, byName, byMount) });
  };
  const mountFs = mount.type === null ? null : (MOUNT_TYPES[mount.type] ?? FsKind.other);
  const fs = mountFs ?? fromName.fs;
  if (mountFs !== null && fromName.fs !== FsKind.other && fromName.fs !== mountFs) disagree('fs', fromName.fs, mountFs);

  let cache: CacheMode | null = fromName.cache;
  let msize: number | null = null;
  if (fs === FsKind.ninep && mountFs !== null) {
    // cache=none shows nothing; a cache= the kernel wrote but core does not know stays unknown.
    const byMount = ninepCacheOf(mount.options) ?? (mount.options.some((o) => o.startsWith('cache=')) ? null : 'none');
    if (fromName.cache !== null && byMount !== fromName.cache) disagree('cache', fromName.cache, byMount ?? 'unknown');
    cache = byMount;
    const m = mount.options.find((o) => o.startsWith('msize='));
    msize = m && /^msize=\d+$/.test(m) ? Number(m.slice('msize='.length)) : null;
  } else if (fs === FsKind.ninep) {
    cache ??= 'none';
  }

  let dax = fromName.dax || (header['VIRTO_SHM_REGIONS'] ?? '').trim() !== '';
  if (fs === FsKind.virtiofs && mountFs !== null) {
    const byMount = mount.options.some((o) => o === 'dax' || o === 'dax=always' || o === 'dax=inode');
    if (fromName.dax && !byMount) disagree('dax', 'on', 'off');
    dax = byMount;
  }
  dax &&= fs === FsKind.virtiofs;
  const window = dax ? DAX_WINDOW.exec(name)?.[1] : undefined;
  return {
    meta: { name, fs, cache: fs === FsKind.host ? null : cache, dax, numa: fromName.numa },
    msize,
    dax_window_bytes: window ? parseSize(window, message.daxWindowInName()) : null,
    conflicts,
  };
}
