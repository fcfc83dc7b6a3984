import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHostEnvironment } from '../src/host/host-environment.js';
import { createNinepEnvironment } from '../src/ninep.js';
import { createVirtiofsEnvironment } from '../src/virtiofs.js';
import { SEMANTICS_CHECKS, type ProbeRunRequest, type SemanticsRow } from '../src/semantics/semantics-run.js';
import type { Environment } from '../src/types.js';
import { guestScratch, ninepSpec, virtiofsSpec } from '@sharebench/provision/testing';

// Under TCG a check's syscalls are slow: generous bounds (the probe's defaults are 10 s, 30 s, 2 s).
const REQUEST: ProbeRunRequest = { checkTimeoutMs: 30_000, peerTimeoutMs: 60_000, eventMs: 3000, timeoutMs: 600_000 };

const everyCheck = (overrides: Record<string, SemanticsRow['result']>): Record<string, SemanticsRow['result']> => ({
  ...Object.fromEntries(SEMANTICS_CHECKS.map((c) => [c, 'ok' as const])),
  ...overrides,
});

/**
 * What each configuration shows, check by check, on this stack (Debian 12: QEMU 7.2, its C
 * virtiofsd and 9p server, a Linux 6.1 guest; the host's ext4), and why:
 *
 * - host: ext4 behaves as POSIX says in every check, the two-sided ones on one directory.
 * - virtio-fs, cache=none, xattr off: files are opened with FUSE direct I/O, which Linux 6.1
 *   cannot map shared (ENODEV), so SQLite's WAL (-shm mapped shared) fails too; xattrs are off
 *   in the daemon (EOPNOTSUPP); the C daemon cannot open what name_to_handle_at named (ESTALE);
 *   no O_TMPFILE through it (EOPNOTSUPP); no event for a change made on the host (FUSE has no
 *   notification of remote changes); the owner is passed through (virtiofsd runs as root).
 * - 9p, cache=loose, security_model=mapped-xattr (sharebench's default): v9fs has no fallocate
 *   (and so no holes), no O_TMPFILE, no renameat2 flags, no export operations (name_to_handle_at);
 *   mtimes in whole seconds (9P2000.L getattr as QEMU fills it); an unlinked open file cannot be
 *   truncated through its fid (ENOENT); no inotify across the share either. mapped-xattr keeps what
 *   the guest's root set (owner, mode, file type) in xattrs of a plain file QEMU owns: the host sees
 *   a 0600 regular file owned by root where the guest made a chowned file or a symlink (the
 *   symlinks that break for host-side tools), and FIFOs and sockets work in the guest.
 */
const EXPECTED: Record<string, Record<string, SemanticsRow['result']>> = {
  host: everyCheck({}),
  'virtiofs-none': everyCheck({
    mmap_shared_write: 'fails',
    sqlite_wal: 'fails',
    xattr_user: 'fails',
    open_by_handle_at: 'fails',
    o_tmpfile: 'fails',
    inotify: 'differs',
  }),
  '9p-loose': everyCheck({
    owner_on_host: 'differs',
    symlink_on_host: 'differs',
    fallocate: 'fails',
    fallocate_punch_hole: 'fails',
    seek_hole: 'differs',
    open_unlink_fstat: 'fails',
    mtime_granularity: 'differs',
    name_to_handle_at: 'fails',
    open_by_handle_at: 'unsupported',
    inotify: 'differs',
    o_tmpfile: 'fails',
    renameat2_noreplace: 'fails',
    renameat2_exchange: 'fails',
  }),
};

describe('semantics probe on the host and in guests', { timeout: 900_000 }, () => {
  const env = guestScratch();
  const configurations: Array<[string, (dir: string) => Environment]> = [
    ['host', (dir) => createHostEnvironment({ name: 'host', kind: 'host', dir }, env.ctx)],
    ['virtiofs-none', (dir) => createVirtiofsEnvironment(virtiofsSpec('vfs-probe', { cache: 'none', sharedDir: dir }), env.ctx)],
    ['9p-loose', (dir) => createNinepEnvironment(ninepSpec('p9-probe', { cache: 'loose', sharedDir: dir }), env.ctx)],
  ];
  for (const [name, make] of configurations) {
    it(`${name}: every check has a row, two-sided ones done from the host's side of the share`, async () => {
      const dir = join(env.ctx.scratchRoot, `${name}-share`);
      const session = await make(dir).open({ logDir: env.logDir(name), semantics: true });
      try {
        const run = await session.runProbe(REQUEST);
        expect(run).toMatchObject({ state: 'completed', reason: null });
        expect(run.rows.map((r) => r.check).sort()).toEqual([...SEMANTICS_CHECKS].sort());
        const seen = Object.fromEntries(run.rows.map((r) => [r.check, r.result]));
        expect(seen).toEqual(EXPECTED[name]);
        // A failure names its errno, but SQLite's, whose own code is in the detail.
        for (const r of run.rows.filter((x) => x.result === 'fails' && x.check !== 'sqlite_wal')) expect(r.errno, r.check).toMatch(/^E[A-Z]+$/);
        if (seen['sqlite_wal'] === 'fails') expect(run.rows.find((r) => r.check === 'sqlite_wal')!.detail).toMatch(/disk I\/O error/);
        expect(run.end?.clean).toBe(true);
      } finally {
        await session.close();
      }
    });
  }
});
