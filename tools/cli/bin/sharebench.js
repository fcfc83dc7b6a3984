#!/usr/bin/env node
// Entry point: the bundled CLI that `npm ci` builds (root `prepare`: tsc -b, then tools/cli/build.mjs).
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
