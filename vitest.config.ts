import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// Tests import each lib's TypeScript source, so they never run against a stale build.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@sharebench\/(core|fio|analysis|report|provision|execute)$/, replacement: here('./libs/$1/src/index.ts') },
      { find: /^@sharebench\/cli$/, replacement: here('./tools/cli/src/index.ts') },
    ],
  },
  test: {
    include: ['libs/*/test/**/*.test.ts', 'tools/*/test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    globalSetup: ['./test/system-prerequisites.ts'],
  },
});
