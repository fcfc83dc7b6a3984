import { readFile, readlink, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { createNinepEnvironment } from '../src/ninep.js';
import { createVirtiofsEnvironment } from '../src/virtiofs.js';
import { findDaemon } from '../src/guest/virtiofsd-binaries.js';
import { obtainRustVirtiofsd } from '@sharebench/guest-image';
import { TREE_DIR } from '../src/tree/tree-layout.js';
import type { NinepSecurityModel } from '../src/spec.js';
import { cacheDir, descendants, guestScratch, ninepSpec, tinyJob, virtiofsSpec } from '@sharebench/provision/testing';

const TREE = { dirs: 1, files_per_dir: 2, file_size_bytes: 100 };

const CAP_CHOWN = 1n << 0n;
const CAP_MKNOD = 1n << 27n;
const CAP_SETFCAP = 1n << 31n;

/** A process's effective and bounding capabilities, mount namespace and root, from /proc. */
async function daemonView(pid: number): Promise<{ pid: number; capEff: bigint; capBnd: bigint; mountNs: string; root: string }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const cap = (name: string) => BigInt(`0x${new RegExp(`^${name}:\\s*([0-9a-f]+)$`, 'm').exec(status)![1]}`);
  return { pid, capEff: cap('CapEff'), capBnd: cap('CapBnd'), mountNs: await readlink(`/proc/${pid}/ns/mnt`), root: await readlink(`/proc/${pid}/root`) };
}

/** The `user.virtfs.mode` xattr QEMU keeps for a mapped file (a little-endian mode_t), or null; read by Debian's python. */
async function mappedMode(path: string): Promise<number | null> {
  const script = 'import os, sys\ntry: print(int.from_bytes(os.getxattr(sys.argv[1], "user.virtfs.mode"), "little"))\nexcept OSError: print(-1)';
  const out = Number((await execa('/usr/bin/python3', ['-c', script, path])).stdout.trim());
  return out < 0 ? null : out;
}

// Real QEMU (TCG here) and both virtiofsd: what the guest's root sets on files, and the daemons' confinement.
describe('shares: what the guest gets', { timeout: 600_000 }, () => {
  const env = guestScratch();

  const models: Array<[NinepSecurityModel, { file: number; dir: number; xattr: boolean }]> = [
    // QEMU creates mapped files 0600 and directories 0700 as itself, and keeps the guest's modes aside.
    ['mapped-xattr', { file: 0o600, dir: 0o700, xattr: true }],
    // Applied for real: the tarball's 0644 and 0755, set by the guest's root.
    ['none', { file: 0o644, dir: 0o755, xattr: false }],
  ];
  for (const [model, host] of models) {
    it(`9p security_model=${model}: the modes the guest's root sets ${host.xattr ? 'stay in xattrs' : 'land on the host'}`, async () => {
      const sharedDir = join(env.ctx.scratchRoot, `p9-${model}`);
      const environment = createNinepEnvironment(ninepSpec(`p9-${model}`, { cache: 'none', sharedDir, securityModel: model }), env.ctx);
      const session = await environment.open({ logDir: env.logDir(`p9-${model}`), tree: TREE });
      try {
        expect(session.info.record).toMatchObject({ kind: '9p', security_model: model });
        expect(session.info.record.kind === '9p' && session.info.record.qemu.argv.join(' ')).toContain(`,security_model=${model} `);
        const untar = await session.runTree({ id: `p9-${model}/untar`, op: 'untar', timeoutMs: 120_000 });
        expect(untar.state, untar.reason ?? untar.stderr).toBe('completed');
        const run = await session.run({ id: `p9-${model}/tiny`, args: tinyJob, timeoutMs: 120_000 });
        expect(run.state, run.reason ?? run.stderr).toBe('completed');
        const file = join(sharedDir, TREE_DIR, 'd0', 'f0');
        expect(((await stat(file)).mode & 0o7777).toString(8)).toBe(host.file.toString(8));
        expect(((await stat(join(sharedDir, TREE_DIR))).mode & 0o7777).toString(8)).toBe(host.dir.toString(8));
        const kept = await mappedMode(file);
        if (host.xattr) expect((kept! & 0o7777).toString(8)).toBe('644');
        else expect(kept).toBeNull();
        // fio's file too: the guest's own layout, through the same server.
        expect(((await stat(join(sharedDir, 'sharebench.0.0'))).mode & 0o777) === 0o600).toBe(host.xattr);
      } finally {
        await session.close();
      }
    });
  }

  it('virtiofsd serves from its sandbox (namespace: its own mounts; chroot: rooted in the share) with mknod and setfcap dropped', async () => {
    // The Rust daemon as doctor --fix obtains it (Debian 13's, unpacked into the cache); another test may be obtaining it too.
    const rust = (await findDaemon('rust', cacheDir)) ?? (await obtainRustVirtiofsd(cacheDir), await findDaemon('rust', cacheDir));
    const cases = [
      { daemon: 'c' as const, sandbox: 'namespace' as const, flags: ['-o', 'sandbox=namespace', '-o', 'modcaps=-mknod:-setfcap'] },
      ...(rust ? [{ daemon: 'rust' as const, sandbox: 'chroot' as const, flags: ['--sandbox=chroot', '--modcaps=-mknod:-setfcap'] }] : []),
    ];
    expect(rust, 'the Rust virtiofsd (sharebench doctor --fix unpacks it into the cache)').not.toBeNull();
    for (const c of cases) {
      const name = `vfs-${c.daemon}-${c.sandbox}`;
      const environment = createVirtiofsEnvironment(virtiofsSpec(name, { daemon: c.daemon, sandbox: c.sandbox }), env.ctx);
      expect(await environment.unsupportedReason()).toBeNull();
      const session = await environment.open({ logDir: env.logDir(name) });
      try {
        const argv = session.info.record.kind === 'virtiofs' ? session.info.record.daemon.argv : [];
        for (const flag of c.flags) expect(argv).toContain(flag);
        const run = await session.run({ id: `${name}/tiny`, args: tinyJob, timeoutMs: 120_000 });
        expect(run.state, run.reason ?? run.stderr).toBe('completed');
        // The process that serves the guest (the one holding capabilities; the namespace sandbox
        // keeps a capability-less monitor beside it), as the kernel sees it.
        const daemons = await Promise.all((await descendants(/virtiofsd|ld-linux/)).map(daemonView));
        const serving = daemons.filter((d) => d.capEff !== 0n);
        expect(serving, JSON.stringify(daemons, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString(16) : v))).toHaveLength(1);
        const [d] = serving;
        expect(d!.capEff & (CAP_MKNOD | CAP_SETFCAP)).toBe(0n);
        expect(d!.capEff & CAP_CHOWN).toBe(CAP_CHOWN);
        expect(d!.capBnd).toBe(0n);
        if (c.sandbox === 'namespace') expect(d!.mountNs).not.toBe(await readlink('/proc/self/ns/mnt'));
        else expect(d!.root).toBe(await realpath(join(env.ctx.scratchRoot, name)));
      } finally {
        await session.close();
      }
    }
    // The C daemon has no unsandboxed mode: asked for one, the environment says so before booting.
    const none = createVirtiofsEnvironment(virtiofsSpec('vfs-c-none', { daemon: 'c', sandbox: 'none' }), env.ctx);
    expect(await none.unsupportedReason()).toMatch(/^sandbox "none" needs the Rust virtiofsd .*the C one \(virtiofsd version 7\.2/);
  });
});
