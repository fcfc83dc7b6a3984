import { buildSync } from 'esbuild';
import { fileURLToPath } from 'node:url';

const TSCONFIG = fileURLToPath(new URL('../../../tsconfig.test.json', import.meta.url));

/**
 * Bundles a test's helper program (TypeScript) into one file that `node` runs as a separate
 * process: imports of `@sharebench/<lib>` resolve to the libs' sources, as in the tests
 * themselves, so the process never runs a stale build. ESM, so the program may await at top level.
 */
export function bundleScript(entry: URL, outfile: string): string {
  buildSync({
    entryPoints: [fileURLToPath(entry)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    tsconfig: TSCONFIG,
    // Bundled CommonJS dependencies (execa's) still call require() for Node's own modules.
    banner: { js: "import { createRequire as __sharebenchRequire } from 'node:module'; const require = __sharebenchRequire(import.meta.url);" },
    outfile,
    logLevel: 'error',
  });
  return outfile;
}
