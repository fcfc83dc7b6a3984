import { FsKind, isCacheMode, type EnvMeta } from '@sharebench/core';
import { envMetaFromName } from './env-meta-from-name.js';

const MOUNT_TYPES: Readonly<Record<string, FsKind>> = {
  virtiofs: FsKind.virtiofs,
  '9p': FsKind.ninep,
  'fuse.sshfs': FsKind.sshfs,
  nfs: FsKind.nfs,
  nfs4: FsKind.nfs,
};

/**
 * Environment of a legacy run-fio-test.sh log: the env is TEST_NAME; fs comes from the type in
 * the MOUNTPOINT line (`<dir> <source> <type> <options>`), the 9p cache mode from its mount
 * options, DAX from a non-empty VIRTO_SHM_REGIONS (the script's spelling), NUMA pinning and other
 * hints from the name.
 */
export function envMetaFromLegacy(header: Readonly<Record<string, string>>, envOverride?: string): EnvMeta {
  const env = envOverride ?? (header['TEST_NAME']?.trim() || 'unknown');
  const fromName = envMetaFromName(env);
  const mount = (header['MOUNTPOINT'] ?? '').trim().split(/\s+/);
  const type = mount[2];
  const fs = (type && (MOUNT_TYPES[type] ?? (type.startsWith('fuse.') ? FsKind.other : null))) || fromName.fs;
  let cache = fromName.cache;
  if (fs === FsKind.ninep) {
    const opt = /(?:^|,)cache=([a-z]+)/.exec(mount[3] ?? '')?.[1];
    cache = opt && isCacheMode(opt) ? opt : cache ?? 'none';
  }
  const dax = (header['VIRTO_SHM_REGIONS'] ?? '').trim() !== '' || fromName.dax;
  return { name: env, fs, cache, dax: fs === FsKind.virtiofs && dax, numa: fromName.numa };
}
