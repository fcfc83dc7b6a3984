import { execa } from 'execa';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createVirtiofsEnvironment } from '../src/virtiofs.js';
import { EnvironmentError, type Session } from '../src/types.js';
import { guestAccel } from '../src/guest/open-guest.js';
import { findQemu, qemuHasDaxWindow } from '../src/guest/qemu-binaries.js';
import { cacheDir, descendants, guestScratch, leftovers, tinyJob, virtiofsSpec } from './helpers/guest.js';

const hostFioVersion = (await execa('fio', ['--version'])).stdout.trim();
const qemuLacksDax = !(await qemuHasDaxWindow((await findQemu()) ?? 'qemu-system-x86_64'));
// Where the accelerator tests keep the probe's verdict: the real image cache, a throwaway scratch root.
const guestScratchless = () => ({ scratchRoot: '/nonexistent/scratch', cacheDir });

describe('virtiofs (without booting)', () => {
  const ctx = { scratchRoot: '/nonexistent/scratch', cacheDir: '/nonexistent/cache' };

  it('refuses specs that can never work, right away', () => {
    expect(() => createVirtiofsEnvironment(virtiofsSpec('vfs', { tag: 'x'.repeat(37) }), ctx)).toThrow(/37 bytes; the limit is 36/);
    expect(() => createVirtiofsEnvironment(virtiofsSpec('../vfs'), ctx)).toThrow(/not a safe name/);
    expect(() => createVirtiofsEnvironment(virtiofsSpec('vfs', { memoryBytes: 1000 }), ctx)).toThrow(/whole number of MiB/);
    expect(() => createVirtiofsEnvironment(virtiofsSpec('vfs', { memoryBytes: 128 * 2 ** 20 }), ctx)).toThrow(/at least 256 MiB/);
  });

  it('describes itself for the analysis', () => {
    expect(createVirtiofsEnvironment(virtiofsSpec('vfs', { cache: 'always', numa: 0 }), ctx).meta).toEqual({
      name: 'vfs',
      fs: 'virtiofs',
      cache: 'always',
      dax: false,
      numa: 0,
    });
  });

  it('is unsupported, before booting, when a DAX window is asked of a QEMU without one (and supported where QEMU has one)', async () => {
    const environment = createVirtiofsEnvironment(virtiofsSpec('vfs-dax', { daxWindowBytes: 2 ** 30 }), ctx);
    expect(environment.meta.dax).toBe(true);
    if (!qemuLacksDax) {
      expect(await environment.unsupportedReason()).toBeNull();
      return;
    }
    expect(await environment.unsupportedReason()).toMatch(/has no DAX window for virtio-fs \(its vhost-user-fs-pci has no cache-size property\)/);
    const error = await environment.open({ logDir: '/nonexistent/logs' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as Error).message).toMatch(/unsupported here: .*DAX window/);
  });

  it('is unsupported, before booting, when KVM is demanded where it is not usable (and supported where it is)', async () => {
    const env = guestScratchless();
    const reason = await createVirtiofsEnvironment(virtiofsSpec('vfs-kvm', { accel: 'kvm' }), env).unsupportedReason();
    const choice = await guestAccel({ accel: 'auto', qemuPath: null, qemuPackage: null, guestKernel: null }, env, {}, true);
    if (choice.accel === 'kvm') expect(reason).toBeNull();
    else expect(reason).toMatch(/^accel "kvm" was asked for but .*; use accel "auto" \(or --accel auto\) to fall back to TCG$/);
  });

  it('is unsupported when pinned to a NUMA node the host does not have', async () => {
    expect(await createVirtiofsEnvironment(virtiofsSpec('vfs-numa', { numa: 4095 }), ctx).unsupportedReason()).toMatch(/no NUMA node 4095|needs numactl/);
  });
});

// Real QEMU (TCG here) and virtiofsd: each case boots one guest, about 5-20 s (more when the
// test files share two cores).
describe('virtiofs', { timeout: 240_000 }, () => {
  const env = guestScratch();

  it('boots, mounts virtio-fs (checked in /proc/mounts) and returns real fio json+ runs', async () => {
    // A comma and a backslash in the shared directory's path exercise virtiofsd's option escaping.
    const sharedDir = join(env.ctx.scratchRoot, 'odd,dir\\name');
    const environment = createVirtiofsEnvironment(virtiofsSpec('vfs-ok', { sharedDir }), env.ctx);
    expect(await environment.unsupportedReason()).toBeNull();
    const session = await environment.open({ logDir: env.logDir('vfs-ok') });
    try {
      expect(session.info.mount).toMatch(/^sharebench \/mnt\/share virtiofs /);
      // The guest carries the host's own fio binary.
      expect(session.info.fioVersion).toBe(hostFioVersion);
      expect(['kvm', 'tcg']).toContain(session.info.accel);
      const first = await session.run({ id: 'vfs-ok/tiny/r1', args: tinyJob, timeoutMs: 60_000 });
      expect(first.state).toBe('completed');
      expect(first.exitCode).toBe(0);
      expect(first.stdout).toContain('"jobs"');
      expect(first.durationMs).toBeGreaterThanOrEqual(1000);
      expect(first.prepareMs).toBeGreaterThan(0);
      expect(first.command.slice(-2)).toEqual(['--directory=/mnt/share', '--output-format=json+']);
      // The job's file was laid out on the share, i.e. on the host directory behind it.
      expect(session.info.record.kind === 'virtiofs' && session.info.record.shared_dir).toBe(sharedDir);
      await access(join(sharedDir, 'sharebench.0.0'));

      const second = await session.run({ id: 'vfs-ok/tiny/r2', args: [...tinyJob, '--description=quote \' " $(touch /tmp/x) ;'], timeoutMs: 60_000 });
      expect(second.state).toBe('completed');
      expect(JSON.parse(second.stdout).jobs[0]['job options'].description).toBe('quote \' " $(touch /tmp/x) ;');

      const badOption = await session.run({ id: 'vfs-ok/bad/r1', args: ['--name=bad', '--rw=nonsense', '--size=1m'], timeoutMs: 60_000 });
      expect(badOption.state).toBe('failed');
      expect(badOption.reason).toMatch(/fio exited with code 1: fio: failed parsing rw=nonsense/);
    } finally {
      await session.close();
      await session.close();
    }
  });

  it('fails the run with a reason when virtiofsd dies mid-run, and cleans up', async () => {
    const environment = createVirtiofsEnvironment(virtiofsSpec('vfs-kill'), env.ctx);
    const session = await environment.open({ logDir: env.logDir('vfs-kill') });
    try {
      const daemons = await descendants(/^virtiofsd$/);
      expect(daemons.length).toBeGreaterThan(0);
      const run = session.run({ id: 'vfs-kill/long/r1', args: [...tinyJob.filter((a) => !a.startsWith('--runtime')), '--runtime=20s'], timeoutMs: 60_000 });
      setTimeout(() => daemons.forEach((pid) => process.kill(pid, 'SIGKILL')), 4000);
      const result = await run;
      expect(result.state).toBe('failed');
      expect(result.reason).toMatch(/virtiofsd exited unexpectedly \(killed by SIGKILL\)/);
      const after = await session.run({ id: 'vfs-kill/tiny/r2', args: tinyJob, timeoutMs: 60_000 });
      expect(after.state).toBe('failed');
      expect(after.reason).toMatch(/virtiofsd exited/);
    } finally {
      await session.close();
    }
  });

  it('blames QEMU, not virtiofsd, when QEMU dies mid-run', async () => {
    const environment = createVirtiofsEnvironment(virtiofsSpec('vfs-qemu-kill'), env.ctx);
    const session = await environment.open({ logDir: env.logDir('vfs-qemu-kill') });
    try {
      const qemus = await descendants(/qemu-system/);
      expect(qemus.length).toBe(1);
      const run = session.run({
        id: 'vfs-qemu-kill/long/r1',
        args: [...tinyJob.filter((a) => !a.startsWith('--runtime')), '--runtime=20s'],
        timeoutMs: 60_000,
      });
      setTimeout(() => process.kill(qemus[0]!, 'SIGKILL'), 3000);
      const result = await run;
      expect(result.state).toBe('failed');
      // virtiofsd exits cleanly once its frontend is gone; the cause is QEMU's death.
      expect(result.reason).toMatch(/^QEMU exited unexpectedly \(killed by SIGKILL\)/);
      expect(result.reason).not.toMatch(/virtiofsd exited/);
      expect(await leftovers()).toEqual([]);
    } finally {
      await session.close();
    }
  });

  it('refuses to open when the guest cannot mount the tag, with the serial log tail', async () => {
    const environment = createVirtiofsEnvironment(virtiofsSpec('vfs-tag'), env.ctx, { testing: { guestTag: 'no-such-tag' } });
    const error = await environment.open({ logDir: env.logDir('vfs-tag') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnvironmentError);
    const e = error as EnvironmentError;
    expect(e.message).toMatch(/could not set up the share: mount -t virtiofs .* no-such-tag \/mnt\/share failed/);
    expect(e.command?.[0]).toMatch(/qemu-system-x86_64$/);
    expect(e.logPath).toMatch(/serial\.log$/);
    expect(e.logTail).toMatch(/no-such-tag/);
  });

  it('times a run out, stops the guest and answers later runs with the reason', async () => {
    const environment = createVirtiofsEnvironment(virtiofsSpec('vfs-timeout'), env.ctx, { testing: { fault: 'run-hang' } });
    const session: Session = await environment.open({ logDir: env.logDir('vfs-timeout') });
    try {
      const started = performance.now();
      const result = await session.run({ id: 'vfs-timeout/tiny/r1', args: tinyJob, timeoutMs: 3000 });
      expect(result.state).toBe('timedOut');
      expect(result.reason).toMatch(/no result within 3000 ms/);
      expect(performance.now() - started).toBeLessThan(10_000);
      expect(await leftovers()).toEqual([]);
      const after = await session.run({ id: 'vfs-timeout/tiny/r2', args: tinyJob, timeoutMs: 3000 });
      expect(after.state).toBe('failed');
      expect(after.reason).toMatch(/timed out|no result/);
    } finally {
      await session.close();
    }
  });

  it('stops promptly when open is aborted while the guest boots', async () => {
    const environment = createVirtiofsEnvironment(virtiofsSpec('vfs-abort-open'), env.ctx);
    const controller = new AbortController();
    const opening = environment.open({ logDir: env.logDir('vfs-abort-open'), signal: controller.signal });
    while ((await descendants(/qemu-system/)).length === 0) await new Promise((r) => setTimeout(r, 50));
    const abortedAt = performance.now();
    controller.abort();
    const error = await opening.catch((e: unknown) => e);
    expect(performance.now() - abortedAt).toBeLessThan(3000);
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as Error).message).toMatch(/interrupted while the guest was starting/);
  });

  it('stops promptly and reports interrupted when the run is aborted', async () => {
    const environment = createVirtiofsEnvironment(virtiofsSpec('vfs-abort'), env.ctx);
    const session = await environment.open({ logDir: env.logDir('vfs-abort') });
    try {
      const controller = new AbortController();
      const run = session.run(
        { id: 'vfs-abort/long/r1', args: [...tinyJob.filter((a) => !a.startsWith('--runtime')), '--runtime=30s'], timeoutMs: 60_000 },
        controller.signal,
      );
      let abortedAt = 0;
      setTimeout(() => {
        abortedAt = performance.now();
        controller.abort();
      }, 2000);
      const result = await run;
      expect(result.state).toBe('interrupted');
      expect(performance.now() - abortedAt).toBeLessThan(3000);
      expect(await leftovers()).toEqual([]);
    } finally {
      await session.close();
    }
  });
});
