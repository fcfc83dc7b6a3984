#!/usr/bin/env node
// Entry point: the bundled CLI that `npm ci` builds (root `prepare`: tsc -b, then tools/cli/build.mjs).

// Most sharebench processes live a second or less (import, analyze, query), and V8's optimizing
// compiler spent about a third of their CPU time compiling code that then ran a few milliseconds.
// A 16 times larger interrupt budget (V8 11's default is 66 KiB of bytecode) makes a function run
// that much longer before V8 considers optimizing it: short commands stay on the interpreter and
// baseline code, while a long analysis still gets its hot loops optimized (npm run bench:startup).
// It changes when code is compiled, never what it computes. Help and --version, which only print,
// skip it: loading node:v8 costs them more than it saves.
const [first] = process.argv.slice(2);
if (first !== undefined && !first.startsWith('-') && first !== 'help') {
  const { setFlagsFromString } = await import('node:v8');
  setFlagsFromString('--interrupt-budget=1081344');
}

let cli;
try {
  cli = await import('../bundle/main.js');
} catch (err) {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('bundle/main.js')) {
    console.error('sharebench: not built yet; run `npm ci` (or `npm run build`) at the repository root');
    process.exit(2);
  }
  throw err;
}
process.exitCode = await cli.main(process.argv.slice(2));
