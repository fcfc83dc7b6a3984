import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEVLOOP_OPS, type DevloopSpec } from '@sharebench/core';
import { createNinepEnvironment } from '../src/ninep.js';
import { createVirtiofsEnvironment } from '../src/virtiofs.js';
import type { Environment } from '../src/types.js';
import { guestScratch, ninepSpec, virtiofsSpec } from '@sharebench/provision/testing';
import { expectedEntries } from '@sharebench/provision/testing';

const SPEC: DevloopSpec = {
  repo: { files: 16, dirs: 2, commits: 2, file_size_bytes: 500, changed_files: 3 },
  install: { packages: 4, files_per_package: 3, file_size_bytes: 200, workers: 2 },
  sqlite: { transactions: 2, rows_per_transaction: 3 },
};

// Real QEMU (TCG here), the C virtiofsd and QEMU's 9p server: the guest's own git and sqlite3 on
// the share, the kit in the initrd. SQLite's WAL needs a shared writable mapping of its -shm
// file, which virtio-fs with cache=none (FUSE direct I/O, Linux 6.1) cannot give: sqlite3's
// error is the result. 9p with cache=loose maps it.
describe('developer loops in guests', { timeout: 900_000 }, () => {
  const env = guestScratch();
  const guests: Array<[string, (sharedDir: string) => Environment, RegExp | null]> = [
    ['virtio-fs none', (sharedDir) => createVirtiofsEnvironment(virtiofsSpec('vfs-devloop', { cache: 'none', sharedDir }), env.ctx), /disk I\/O error/],
    ['9p loose', (sharedDir) => createNinepEnvironment(ninepSpec('p9-devloop', { cache: 'loose', sharedDir }), env.ctx), null],
  ];
  for (const [kind, make, sqliteFails] of guests) {
    it(`${kind}: every operation with the guest's tools, counting what it handled; sqlite3's own error where WAL cannot work`, async () => {
      const sharedDir = join(env.ctx.scratchRoot, `${kind.replace(' ', '-')}-share`);
      const session = await make(sharedDir).open({ logDir: env.logDir(kind), devloop: SPEC });
      try {
        const expected = expectedEntries(SPEC);
        for (const op of DEVLOOP_OPS) {
          const r = await session.runDevloop({ id: `${kind}/${op}`, op, timeoutMs: 300_000 });
          if (op === 'sqlite-insert' && sqliteFails) {
            expect(r.state).toBe('failed');
            expect(r.reason).toMatch(new RegExp(`^sqlite-insert failed \\(exit 1\\): .*${sqliteFails.source}`));
            continue;
          }
          expect(r, op).toMatchObject({ state: 'completed', exitCode: 0, reason: null });
          expect(JSON.parse(r.stdout), op).toMatchObject({ op, entries: expected[op] });
        }
        // The workspace is on the share; the kit came through the initrd, never across it.
        expect(await readdir(sharedDir)).toEqual(['sharebench.devloop']);
        expect((await readdir(join(sharedDir, 'sharebench.devloop'))).sort()).toEqual(['db', 'repo']);
      } finally {
        await session.close();
      }
    });
  }
});
