import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVLOOP_OPS, DEVLOOP_TOOL, type DevloopSpec } from '@sharebench/core';
import { createHostEnvironment } from '../../src/host/host-environment.js';
import type { Session } from '../../src/types.js';
import { scratch } from '@sharebench/provision/testing';
import { expectedEntries } from '@sharebench/provision/testing';

const SPEC: DevloopSpec = {
  repo: { files: 30, dirs: 4, commits: 3, file_size_bytes: 700, changed_files: 8 },
  install: { packages: 6, files_per_package: 4, file_size_bytes: 200, workers: 3 },
  sqlite: { transactions: 4, rows_per_transaction: 5 },
};

describe('host/host-devloop', () => {
  let s: Awaited<ReturnType<typeof scratch>>;
  let session: Session;
  beforeAll(async () => {
    s = await scratch();
    session = await createHostEnvironment({ name: 'host', kind: 'host', dir: null }, s.ctx).open({ logDir: s.logDir('host'), devloop: SPEC });
  });
  afterAll(async () => {
    await session?.close();
    await s?.cleanup();
  });

  it('runs every operation with the real tools, each preparing its own start, and reports what it handled', async () => {
    const expected = expectedEntries(SPEC);
    // Twice over, in this order: every operation's preparation copes with what the one before left.
    for (const op of [...DEVLOOP_OPS, ...DEVLOOP_OPS]) {
      let timed = 0;
      const r = await session.runDevloop({ id: `host/${op}`, op, timeoutMs: 120_000, onTimedStart: () => timed++ });
      expect(r, op).toMatchObject({ state: 'completed', exitCode: 0, reason: null });
      expect(timed).toBe(1);
      const result = JSON.parse(r.stdout) as { op: string; entries: number; elapsed_ms: number };
      expect(result.op).toBe(op);
      expect(result.entries, op).toBe(expected[op]);
      expect(result.elapsed_ms).toBeGreaterThan(0);
      // The clock is inside the run phase: the tool's time only, never more than the phase's.
      expect(result.elapsed_ms).toBeLessThanOrEqual(r.durationMs);
      expect(r.command).toEqual(expect.arrayContaining(['run', op]));
    }
    expect(DEVLOOP_TOOL['sqlite-insert']).toBe('sqlite3');
  });

  it('fails a run with the tool\'s own error when the tool fails', async () => {
    // The fault, beside the real path: once prepared, the database is not one.
    const db = join(s.ctx.scratchRoot, 'host', 'sharebench.devloop', 'db', 'devloop.db');
    const sabotage = () => writeFileSync(db, 'x'.repeat(4096));
    const r = await session.runDevloop({ id: 'host/sqlite-bad', op: 'sqlite-insert', timeoutMs: 60_000, onTimedStart: sabotage });
    expect(r.state).toBe('failed');
    expect(r.reason).toMatch(/^sqlite-insert failed \(exit 1\): .*file is not a database/);
    expect(r.stdout).toBe('');
  });

  it('fails developer-loop runs, saying why, in a session opened without the workspace', async () => {
    const bare = await createHostEnvironment({ name: 'bare', kind: 'host', dir: null }, s.ctx).open({ logDir: s.logDir('bare') });
    try {
      const r = await bare.runDevloop({ id: 'bare/git-diff', op: 'git-diff', timeoutMs: 10_000 });
      expect(r).toMatchObject({ state: 'failed', reason: expect.stringContaining('opened without a devloop workspace') });
    } finally {
      await bare.close();
    }
  });
});
