import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// Test projects are chosen by file name, never by a list:
//   *.test.ts         unit: pure and fast, the inner loop (`npm run test:unit`)
//   *.system.test.ts  system: real fio, Chromium, DuckDB, Nx, statsmodels, the built CLI, host programs
//   *.vm.test.ts      vm: boots guests (QEMU, virtiofsd) or downloads Debian packages
const ROOTS = ['libs/*/test/**/', 'tools/*/test/**/', 'test/**/'];
const files = (suffix: string) => ROOTS.map((root) => `${root}*${suffix}`);
const SLOW = [...files('.system.test.ts'), ...files('.vm.test.ts')];

// Real parts are checked once, up front, and the host-wide measurement lock is per test file.
const realParts = { globalSetup: ['./test/system-prerequisites.ts'], setupFiles: ['./test/own-host-lock.ts'] };

// Tests import each lib's TypeScript source, so they never run against a stale build.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@sharebench\/(core|host|guest-image|fio|analysis|report|provision|execute)$/, replacement: here('./libs/$1/src/index.ts') },
      { find: /^@sharebench\/(core|host|guest-image|fio|analysis|report|provision|execute)\/testing$/, replacement: here('./libs/$1/testing/index.ts') },
      { find: /^@sharebench\/cli$/, replacement: here('./tools/cli/src/index.ts') },
    ],
  },
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      // Pure tests share one module graph per worker: no isolation cost, a fraction of the time.
      { extends: true, test: { name: 'unit', include: files('.test.ts'), exclude: SLOW, pool: 'threads', isolate: false } },
      { extends: true, test: { name: 'system', include: files('.system.test.ts'), ...realParts } },
      { extends: true, test: { name: 'vm', include: files('.vm.test.ts'), ...realParts } },
    ],
  },
});
