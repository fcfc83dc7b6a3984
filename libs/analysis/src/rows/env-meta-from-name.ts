import { CacheMode, FsKind, isCacheMode, type EnvMeta } from '@sharebench/core';

const FS_PREFIXES: ReadonlyArray<readonly [RegExp, FsKind]> = [
  [/^host\b/, FsKind.host],
  [/^(virtiofs|vtfs|virtio-fs)\b/, FsKind.virtiofs],
  [/^(9p|9pfs|virtio-9p)\b/, FsKind.ninep],
  [/^sshfs\b/, FsKind.sshfs],
  [/^nfs\b/, FsKind.nfs],
];

/**
 * Reads what the naming convention `<fs>-<cache>[-dax][-node<N>]` says about an environment
 * (`virtiofs-auto-dax-node0`, `9p-mmap`, `host`); the seed's `vtfs-node-cache-none-dax-16G` style
 * is understood too. Unknown names give fs "other" and no cache.
 */
export function envMetaFromName(env: string): EnvMeta {
  const lower = env.toLowerCase();
  const fs = FS_PREFIXES.find(([re]) => re.test(lower))?.[1] ?? FsKind.other;
  const tokens = lower.split(/[-_]/);
  const cache = tokens.find((t): t is CacheMode => isCacheMode(t)) ?? null;
  const dax = tokens.includes('dax');
  const node = /(?:^|[-_])node-?(\d+)(?:$|[-_])/.exec(lower) ?? (tokens.includes('node') ? ['', '0'] : null);
  return {
    name: env,
    fs,
    cache: fs === FsKind.host ? null : cache,
    dax: fs === FsKind.virtiofs && dax,
    numa: node ? Number(node[1]) : null,
  };
}
