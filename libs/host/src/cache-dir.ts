import os from 'node:os';
import { join } from 'node:path';

/** Environment variable naming sharebench's cache (the guest images, obtained daemons and QEMUs, the KVM verdicts). */
export const CACHE_DIR_ENV = 'SHAREBENCH_CACHE_DIR';

/**
 * Where sharebench caches what is slow to make and safe to reuse: `$SHAREBENCH_CACHE_DIR`, else
 * `$XDG_CACHE_HOME/sharebench`, else `~/.cache/sharebench`. The one rule for the CLI, the benchmarks
 * and the tests, so that they all find the guest image one of them built.
 */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env[CACHE_DIR_ENV] || join(env['XDG_CACHE_HOME'] || join(os.homedir(), '.cache'), 'sharebench');
}
