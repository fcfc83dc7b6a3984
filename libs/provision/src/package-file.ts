import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * A file this package exports (`@sharebench/provision/<name>`: the guest's init.sh, devloop.sh),
 * resolved from this module (src/, dist/, the CLI bundle in the repository), else from the working
 * directory's node_modules (a script bundled elsewhere, e.g. a test's child process in /tmp).
 */
export function packageFile(name: string): string {
  const id = `@sharebench/provision/${name}`;
  try {
    return createRequire(import.meta.url).resolve(id);
  } catch (err) {
    try {
      return createRequire(join(process.cwd(), 'package.json')).resolve(id);
    } catch {
      throw err;
    }
  }
}
