// Bundles the compiled CLI (dist/, from tsc -b) into bundle/: main.js (the option table and help,
// no library code) and one self-contained file per command in bundle/commands/, which main.js
// imports only when that command runs. A process reads two files instead of hundreds (Node 20
// has no module compile cache), and each command loads only the code it reaches.
//
// Not esbuild's code splitting: every command imports the libs' barrels (index.js), and a split
// build puts whatever any command reaches through a barrel into the chunk they share, so `import`
// loaded arquero and acorn (for `query`) and `query` loaded apache-arrow and hyparquet-writer.
// Separate builds tree-shake each command on its own ("sideEffects": false in the libs'
// package.json lets esbuild drop a barrel's unused modules). The libs' code is copied into each
// command's file; one process runs one command, so no class or module state is shared across.
// bundle/meta.json is esbuild's metafile of both builds: which inputs each output holds.
import { build } from 'esbuild';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const out = join(here, 'bundle');
const root = join(here, '..', '..');
await rm(out, { recursive: true, force: true });

const common = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Resolved at run time from node_modules: the browser for tests, and vega's builds, which the
  // report copies as files rather than importing.
  external: ['playwright-core'],
  banner: { js: "import { createRequire as __sbCreateRequire } from 'node:module'; const require = __sbCreateRequire(import.meta.url);" },
  logLevel: 'warning',
  sourcemap: true,
  metafile: true,
  // Paths in meta.json relative to the repository, wherever the build is started from.
  absWorkingDir: root,
};

// main.js keeps options.js's `load: () => import('./commands/<name>.js')` as it is: the path is
// the same relative to bundle/main.js as to dist/options.js. The commands found so are built next.
const commands = new Set();
const lazyCommands = {
  name: 'lazy-commands',
  setup(b) {
    b.onResolve({ filter: /^\.\/commands\/[\w-]+\.js$/ }, (args) => {
      if (args.kind !== 'dynamic-import') return undefined;
      commands.add(join(args.resolveDir, args.path));
      return { path: args.path, external: true };
    });
  },
};
const main = await build({ ...common, entryPoints: [join(here, 'dist/main.js')], outdir: out, plugins: [lazyCommands] });
if (commands.size === 0) throw new Error('tools/cli/build.mjs: main.js loads no command lazily; expected import("./commands/<name>.js") in dist/options.js');
const each = await build({ ...common, entryPoints: [...commands], outdir: join(out, 'commands') });
const meta = { inputs: { ...main.metafile.inputs, ...each.metafile.inputs }, outputs: { ...main.metafile.outputs, ...each.metafile.outputs } };
await writeFile(join(out, 'meta.json'), JSON.stringify(meta));
