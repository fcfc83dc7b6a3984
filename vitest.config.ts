import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

const ALL = ['libs/*/test/**/*.test.ts', 'tools/*/test/**/*.test.ts'];

/**
 * Tests that use real parts: fio, QEMU and virtiofsd (guests), Chromium, Nx, the built CLI, or
 * host programs (cpio, the fio binary's libraries). The rest is `unit`: pure, fast, the inner loop
 * (`npm run test:unit`).
 */
const SYSTEM = [
  'libs/analysis/test/parquet.duckdb.test.ts',
  'libs/execute/test/run-campaign.test.ts',
  'libs/execute/test/stacks.test.ts',
  'libs/execute/test/faults.test.ts',
  'libs/execute/test/adaptive-run.test.ts',
  'tools/cli/test/contention.test.ts',
  'libs/core/test/lock-race.test.ts',
  'libs/execute/test/smallfiles.test.ts',
  'libs/provision/test/doctor/**/*.test.ts',
  'libs/provision/test/image/{cpio,elf,guest-image,ldd,stub-library,trim-fio}.test.ts',
  'libs/provision/test/{ninep,virtiofs,tree-ops}.test.ts',
  'libs/provision/test/tree/tree-tarball.test.ts',
  'libs/provision/test/system/**/*.test.ts',
  'libs/report/test/**/*.browser.test.ts',
  'tools/cli/test/import.test.ts',
  'tools/cli/test/**/*.vm.test.ts',
  'tools/nx-plugin/test/**/*.test.ts',
];

// Tests import each lib's TypeScript source, so they never run against a stale build.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@sharebench\/(core|fio|analysis|report|provision|execute)$/, replacement: here('./libs/$1/src/index.ts') },
      { find: /^@sharebench\/cli$/, replacement: here('./tools/cli/src/index.ts') },
    ],
  },
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      // Pure tests share one module graph per worker: no isolation cost, a fraction of the time.
      { extends: true, test: { name: 'unit', include: ALL, exclude: SYSTEM, pool: 'threads', isolate: false } },
      { extends: true, test: { name: 'system', include: SYSTEM, globalSetup: ['./test/system-prerequisites.ts'], setupFiles: ['./test/own-host-lock.ts'] } },
    ],
  },
});
