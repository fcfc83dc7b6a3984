#!/usr/bin/env node
// Compiled entry point (npm ci runs `tsc -b` through the root `prepare` script).
import('../dist/main.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/main.js')) {
    console.error('sharebench: not built yet; run `npm ci` (or `npm run build`) at the repository root');
    process.exit(2);
  }
  throw err;
});
