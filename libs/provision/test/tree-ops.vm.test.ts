import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { treeEntries, type TreeOp } from '@sharebench/core';
import { createHostEnvironment } from '../src/host/host-environment.js';
import { createNinepEnvironment } from '../src/ninep.js';
import { createVirtiofsEnvironment } from '../src/virtiofs.js';
import { TREE_DIR, TREE_MARK } from '../src/tree/tree-layout.js';
import type { Environment, Session } from '../src/types.js';
import { guestScratch, ninepSpec, virtiofsSpec } from '@sharebench/provision/testing';

const TREE = { dirs: 3, files_per_dir: 4, file_size_bytes: 1000 };
const { entries, files } = treeEntries(TREE);
const NRFILES = 20;

const meta = (engine: 'filecreate' | 'filestat' | 'filedelete') => ({
  id: `m/${engine}`,
  timeoutMs: 120_000,
  args: [`--name=${engine}`, `--ioengine=${engine}`, '--rw=read', '--bs=4k', '--filesize=4k', `--nrfiles=${NRFILES}`, '--openfiles=1',
    `--filename_format=sharebench.${engine}/f.$jobnum.$filenum`],
  workdir: { name: `sharebench.${engine}`, fresh: engine === 'filecreate' },
  layout: engine !== 'filecreate',
});

/**
 * Every tree operation in an order that needs each precondition (walk before any untar, delete
 * twice), and the three metadata engines, on a real session: entries counted by busybox, the
 * mark kept, filecreate starting from an emptied workdir (a stale file there is gone).
 */
async function exercise(session: Session, sharedDir: string): Promise<void> {
  const run = async (op: TreeOp) => {
    const r = await session.runTree({ id: `t/${op}`, op, timeoutMs: 120_000 });
    expect(r, `${op}: ${r.reason} ${r.stderr}`).toMatchObject({ state: 'completed', exitCode: 0, reason: null });
    const applet = { untar: ['tar', '-x'], walk: ['find', expect.any(String)], read: ['find', expect.any(String)], delete: ['rm', '-rf'] }[op];
    expect(r.command.slice(1, 3)).toEqual(applet);
    const result = JSON.parse(r.stdout) as { op: string; entries: number; elapsed_ms: number; tick_ms: number };
    // Timed to the microsecond (the guest's /proc/timer_list, the host's performance.now()), and says so.
    expect(result).toMatchObject({ op, entries: op === 'read' ? files : entries, tick_ms: 0.001 });
    expect(result.elapsed_ms).toBeGreaterThan(0);
    expect(r.durationMs).toBeGreaterThan(0);
    return r;
  };
  await run('walk');
  expect((await readdir(sharedDir)).sort()).toEqual(expect.arrayContaining([TREE_DIR, TREE_MARK]));
  expect((await readdir(join(sharedDir, TREE_DIR))).sort()).toEqual(['d0', 'd1', 'd2']);
  await run('untar');
  await run('read');
  await run('delete');
  expect(await readdir(sharedDir)).not.toContain(TREE_DIR);
  expect(await readdir(sharedDir)).not.toContain(TREE_MARK);
  await run('delete');

  await mkdir(join(sharedDir, 'sharebench.filecreate'), { recursive: true });
  await writeFile(join(sharedDir, 'sharebench.filecreate', 'stale'), 'from an earlier run');
  for (const engine of ['filecreate', 'filecreate', 'filestat', 'filedelete'] as const) {
    const r = await session.run(meta(engine));
    expect(r, `${engine}: ${r.reason} ${r.stderr}`).toMatchObject({ state: 'completed', exitCode: 0 });
    const job = JSON.parse(r.stdout.slice(r.stdout.indexOf('{'))).jobs[0];
    expect(job.read.total_ios).toBe(NRFILES);
    expect(job.read.clat_ns.percentile['50.000000']).toBeGreaterThan(0);
  }
  expect((await readdir(join(sharedDir, 'sharebench.filecreate'))).sort()).toEqual(Array.from({ length: NRFILES }, (_, i) => `f.0.${i}`).sort());
  expect(await readdir(join(sharedDir, 'sharebench.filestat'))).toHaveLength(NRFILES);
  expect(await readdir(join(sharedDir, 'sharebench.filedelete'))).toEqual([]);
}

describe('tree operations and metadata engines on the host', () => {
  const env = guestScratch();

  it('runs every operation with its precondition, the same busybox commands as a guest', async () => {
    const dir = join(env.ctx.scratchRoot, 'host-tree');
    const session = await createHostEnvironment({ name: 'host', kind: 'host', dir }, env.ctx).open({ logDir: env.logDir('host'), tree: TREE });
    try {
      await exercise(session, dir);
    } finally {
      await session.close();
    }
  });

  it('fails a tree operation, saying why, on a session opened without a tree', async () => {
    const environment = createHostEnvironment({ name: 'host', kind: 'host', dir: join(env.ctx.scratchRoot, 'no-tree') }, env.ctx);
    const session = await environment.open({ logDir: env.logDir('x') });
    const r = await session.runTree({ id: 't/walk', op: 'walk', timeoutMs: 10_000 });
    expect(r).toMatchObject({ state: 'failed', reason: expect.stringMatching(/opened without a tree/) });
  });
});

// Real QEMU (TCG here), the C virtiofsd and QEMU's 9p server: one boot each, the tarball in the initrd.
describe('tree operations and metadata engines in guests', { timeout: 600_000 }, () => {
  const env = guestScratch();
  const guests: Array<[string, (sharedDir: string) => Environment]> = [
    ['virtio-fs', (sharedDir) => createVirtiofsEnvironment(virtiofsSpec('vfs-tree', { cache: 'none', sharedDir }), env.ctx)],
    ['9p', (sharedDir) => createNinepEnvironment(ninepSpec('p9-tree', { cache: 'loose', sharedDir }), env.ctx)],
  ];
  for (const [kind, make] of guests) {
    it(`${kind}: runs every operation with its precondition on the share, the tarball never crossing it`, async () => {
      const sharedDir = join(env.ctx.scratchRoot, `${kind}-share`);
      const session = await make(sharedDir).open({ logDir: env.logDir(kind), tree: TREE });
      try {
        await exercise(session, sharedDir);
        expect(await readdir(sharedDir)).not.toContain('tree.tar');
      } finally {
        await session.close();
      }
    });
  }

  it('refuses a tree operation when the share is no longer mounted', async () => {
    const environment = createNinepEnvironment(ninepSpec('p9-tree-gone'), env.ctx, { testing: { fault: 'run-unmounted' } });
    const session = await environment.open({ logDir: env.logDir('p9-tree-gone'), tree: TREE });
    try {
      const r = await session.runTree({ id: 't/walk', op: 'walk', timeoutMs: 60_000 });
      expect(r.state).toBe('failed');
      expect(r.reason).toMatch(/\/mnt\/share is no longer the 9p mount checked at boot .*tree walk was not started/);
    } finally {
      await session.close();
    }
  });
});
