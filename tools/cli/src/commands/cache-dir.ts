import os from 'node:os';
import { join } from 'node:path';

/** Where built artifacts (the guest image) are cached: $SHAREBENCH_CACHE_DIR, else the XDG cache. */
export function cacheDir(): string {
  return process.env['SHAREBENCH_CACHE_DIR'] || join(process.env['XDG_CACHE_HOME'] || join(os.homedir(), '.cache'), 'sharebench');
}
