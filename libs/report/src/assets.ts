import { existsSync, readFileSync } from 'node:fs';
import { copyFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { SharebenchError } from '@sharebench/core';
import { CLIENT_SCRIPT, STYLESHEET } from './html/client.js';
import { message } from './messages.js';

const require = createRequire(import.meta.url);

// UMD builds: a file:// page cannot import ES modules, and report.js uses their globals.
const LIBRARIES = [
  { pkg: 'vega', file: 'build/vega.min.js', as: 'vega.min.js' },
  { pkg: 'vega-lite', file: 'build/vega-lite.min.js', as: 'vega-lite.min.js' },
  { pkg: 'vega-embed', file: 'build/vega-embed.min.js', as: 'vega-embed.min.js' },
] as const;

/**
 * Root folder of an installed package. Its package.json "exports" hides the build/ files and
 * package.json itself, so resolve the main entry and walk up to the package.json that names it.
 */
export function packageDir(name: string): string {
  let dir = dirname(require.resolve(name));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === name) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new SharebenchError(message.noPackageJson(name));
    dir = parent;
  }
}

/** Writes assets/: the three libraries (with their source maps and licences), report.js and report.css. */
export async function writeAssets(assetsDir: string): Promise<void> {
  for (const lib of LIBRARIES) {
    const root = packageDir(lib.pkg);
    const src = join(root, lib.file);
    if (!existsSync(src)) throw new SharebenchError(message.assetMissing(src, lib.pkg));
    await copyFile(src, join(assetsDir, lib.as));
    if (existsSync(`${src}.map`)) await copyFile(`${src}.map`, join(assetsDir, `${lib.as}.map`));
    // BSD-3-Clause asks redistributions to keep the notice.
    if (existsSync(join(root, 'LICENSE'))) await copyFile(join(root, 'LICENSE'), join(assetsDir, `${lib.pkg}.LICENSE.txt`));
  }
  await writeFile(join(assetsDir, 'report.js'), CLIENT_SCRIPT);
  await writeFile(join(assetsDir, 'report.css'), STYLESHEET);
}
