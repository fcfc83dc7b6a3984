import { cp, mkdtemp, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { cachedRustVirtiofsd, debianQemu, obtainRustVirtiofsd, obtainedDaemonsDir, type DebianQemu } from '@sharebench/guest-image';
import { createNinepEnvironment } from '../src/ninep.js';
import { createVirtiofsEnvironment } from '../src/virtiofs.js';
import { findDaemon } from '../src/guest/virtiofsd-binaries.js';
import { cacheDir, descendants, guestScratch, ninepSpec, tinyJob, virtiofsSpec } from './helpers/guest.js';

const pgrep = async (name: string) => {
  const r = await execa('pgrep', ['-x', name], { reject: false });
  return r.stdout.split('\n').filter(Boolean).map(Number);
};
const interpreter = async (binary: string) => (await execa('patchelf', ['--print-interpreter', binary])).stdout.trim();

// Debian packages unpacked into the cache run by their own names: the first run downloads Debian
// 13's virtiofsd and trixie's QEMU 10 with the glibc it needs (about 140 MB) from Debian's mirrors.
describe('Debian binaries unpacked into the cache', { timeout: 600_000 }, () => {
  const env = guestScratch();
  let daemonBinary = '';
  beforeAll(async () => {
    const daemon = (await findDaemon('rust', cacheDir)) ?? (await obtainRustVirtiofsd(cacheDir));
    daemonBinary = daemon.argv[0]!;
  }, 600_000);

  it('runs the Rust virtiofsd as virtiofsd: pgrep -x finds it while a Rust env\'s guest is up', async () => {
    expect(daemonBinary.startsWith(obtainedDaemonsDir(cacheDir))).toBe(true);
    const environment = createVirtiofsEnvironment(virtiofsSpec('vfs-rust-name', { daemon: 'rust', cache: 'never' }), env.ctx);
    // open() returns once the guest has reported ready with the share mounted: the daemon is serving.
    const session = await environment.open({ logDir: env.logDir('vfs-rust-name') });
    try {
      const ours = await descendants(/^virtiofsd$/);
      expect(ours.length).toBeGreaterThan(0);
      const found = await pgrep('virtiofsd');
      expect(found).toEqual(expect.arrayContaining(ours));
      for (const pid of ours) expect(await readlink(`/proc/${pid}/exe`)).toBe(daemonBinary);
      expect(await descendants(/^ld-linux/)).toEqual([]);
      const run = await session.run({ id: 'vfs-rust-name/tiny/r1', args: tinyJob, timeoutMs: 120_000 });
      expect(run.state).toBe('completed');
    } finally {
      await session.close();
    }
  });

  it('relinks a copy unpacked by an older sharebench (run through its loader) when it is looked up', async () => {
    const other = await mkdtemp(join(tmpdir(), 'sharebench-relink-'));
    try {
      const version = daemonBinary.split('/').at(-4)!;
      const root = join(obtainedDaemonsDir(other), version);
      await cp(join(obtainedDaemonsDir(cacheDir), version), root, { recursive: true });
      // What layout 1 left: no manifest, Debian's own interpreter and no RPATH.
      await rm(join(root, 'sharebench-unpacked.json'), { force: true });
      const binary = join(root, 'usr/libexec/virtiofsd');
      await execa('patchelf', ['--set-interpreter', '/lib64/ld-linux-x86-64.so.2', '--remove-rpath', binary]);
      expect((await execa(binary, ['--version'], { reject: false })).exitCode).not.toBe(0);

      const found = await cachedRustVirtiofsd(other);
      expect(found).toEqual({ argv: [binary], version: expect.stringMatching(/^virtiofsd \d+\.\d+/) });
      expect(await interpreter(binary)).toBe(join(root, 'usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2'));
      expect((await execa(binary, ['--version'])).stdout).toBe(found!.version);
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  it('makes an env unsupported, in one line naming the versions there are, when the archive lacks the QEMU version asked for', async () => {
    const environment = createNinepEnvironment(ninepSpec('9p-no-such-qemu', { qemuPackage: { version: '1:9.9.9+ds-1' } }), env.ctx);
    const reason = await environment.unsupportedReason();
    expect(reason).toMatch(
      /^QEMU 1:9\.9\.9\+ds-1 from Debian packages could not be obtained: bookworm-backports and trixie have no qemu-system-x86 1:9\.9\.9\+ds-1; they have .*1:10\.0\.\d+\+ds-\S+ \(bookworm-backports\).*: give one of these or a suite name$/,
    );
    expect(reason).not.toContain('\n');
  });

  describe('a QEMU from trixie (its own glibc)', () => {
    let qemu: DebianQemu;
    beforeAll(async () => {
      qemu = (await debianQemu(cacheDir, { suite: 'trixie' }, true))!;
    }, 900_000);

    it('is unpacked with the glibc it needs, relinked to it, and runs fio in a 9p guest as qemu-system-x86_64', async () => {
      expect(qemu.ownLoader).toBe(true);
      expect(qemu.packages.map((p) => p.name)).toEqual(expect.arrayContaining(['qemu-system-x86', 'qemu-system-data', 'seabios', 'libc6']));
      expect(await interpreter(qemu.path)).toBe(join(qemu.root, 'usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2'));
      expect(qemu.version).toMatch(/^QEMU emulator version 10\.0\.\d+ \(Debian 1:10\.0\.\d+/);

      const environment = createNinepEnvironment(ninepSpec('9p-trixie-qemu', { qemuPackage: { suite: 'trixie' } }), env.ctx);
      expect(await environment.unsupportedReason()).toBeNull();
      const session = await environment.open({ logDir: env.logDir('9p-trixie-qemu') });
      try {
        expect(session.info.record.kind === '9p' && session.info.record.qemu.version).toBe(qemu.version);
        // The kernel truncates a command name to 15 characters.
        const running = await descendants(/^qemu-system-x86$/);
        expect(running).toHaveLength(1);
        expect(await readlink(`/proc/${running[0]}/exe`)).toBe(qemu.path);
        const run = await session.run({ id: '9p-trixie-qemu/tiny/r1', args: tinyJob, timeoutMs: 120_000 });
        expect(run.state).toBe('completed');
        expect(JSON.parse(run.stdout).jobs[0].read.io_bytes).toBeGreaterThan(0);
      } finally {
        await session.close();
      }
    });
  });

});
