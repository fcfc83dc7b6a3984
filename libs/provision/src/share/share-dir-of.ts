import { join, resolve } from 'node:path';
import type { EnvSpec } from '../spec.js';

/**
 * The directory an environment shares (a guest) or runs fio in (the host), absolute: the one its
 * spec names (`shared_dir`, `dir`), else `<scratchRoot>/<name>`, which sharebench makes itself.
 */
export function shareDirOf(spec: EnvSpec, scratchRoot: string): { dir: string; named: boolean } {
  const named = spec.kind === 'host' ? spec.dir : spec.sharedDir;
  return named === null ? { dir: resolve(join(scratchRoot, spec.name)), named: false } : { dir: resolve(named), named: true };
}
