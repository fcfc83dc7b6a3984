// Bundles the compiled CLI (dist/, from tsc -b) into bundle/: one module graph file instead of
// hundreds, so a whole `sharebench import` stays within its 0.5 s budget (Node 20 has no module
// compile cache; resolving and reading apache-arrow's files alone took ~0.3 s). Commands stay in
// their own chunks, so `--help` loads none of them.
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
await rm(`${here}bundle`, { recursive: true, force: true });
await build({
  entryPoints: [`${here}dist/main.js`],
  outdir: `${here}bundle`,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Resolved at run time from node_modules: the browser for tests, and vega's builds, which the
  // report copies as files rather than importing.
  external: ['playwright-core'],
  banner: { js: "import { createRequire as __sbCreateRequire } from 'node:module'; const require = __sbCreateRequire(import.meta.url);" },
  logLevel: 'warning',
  sourcemap: true,
});
