import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { message } from './messages.js';

/** tools/cli, found from wherever this code runs (dist/ from tsc, or bundle/ from esbuild). */
export function cliRoot(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dirname(dir) !== dir; dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === '@sharebench/cli') return dir;
    } catch {
      // no package.json here: keep walking up
    }
  }
  throw new Error(message.noCliPackage());
}

/** The CLI's version, from its package.json. */
export function cliVersion(): string {
  return (JSON.parse(readFileSync(join(cliRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}
