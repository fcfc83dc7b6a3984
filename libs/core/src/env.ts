import type { CacheMode, FsKind } from './enums.js';

/**
 * What an environment is, as the analysis sees it: one configuration of sharing a directory.
 * `numa` is the host node QEMU and the daemon were pinned to, or null when not pinned.
 */
export interface EnvMeta {
  /** The environment's name (what the `env` column and fields named `env` hold). */
  name: string;
  fs: FsKind;
  cache: CacheMode | null;
  dax: boolean;
  numa: number | null;
}

/** The parts of a seed-style job name `<workload>-<ioengine>[-multi]`. */
export interface JobNameParts {
  workload: string;
  ioengine: string;
  multi: boolean;
}

/** Builds the seed's job name: `seqread-psync`, `randrw-libaio-multi`. */
export function jobName(workload: string, ioengine: string, multi: boolean): string {
  return `${workload}-${ioengine}${multi ? '-multi' : ''}`;
}

/** Splits a seed-style job name; null when the name does not follow the convention. */
export function parseJobName(name: string): JobNameParts | null {
  const m = /^([a-z]+)-([a-z0-9_]+?)(-multi)?$/.exec(name);
  if (!m) return null;
  return { workload: m[1]!, ioengine: m[2]!, multi: m[3] !== undefined };
}
