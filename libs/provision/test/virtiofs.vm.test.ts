import { execa } from 'execa';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createVirtiofsEnvironment } from '../src/virtiofs.js';
import { EnvironmentError, type Session } from '../src/types.js';
import { until } from '@sharebench/host/testing';
import { descendants, guestScratch, leftovers, tinyJob, virtiofsSpec } from '@sharebench/provision/testing';

const hostFioVersion = (await execa('fio', ['--version'])).stdout.trim();
const longJob = (runtime: string) => [...tinyJob.filter((a) => !a.startsWith('--runtime')), `--runtime=${runtime}`];

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
      const daemons = descendants(/^virtiofsd$/);
      expect(daemons.length).toBeGreaterThan(0);
      // Killed once the run's timed part has begun (GO sent), whatever the machine's speed.
      const kill = () => setImmediate(() => daemons.forEach((pid) => process.kill(pid, 'SIGKILL')));
      const result = await session.run({ id: 'vfs-kill/long/r1', args: longJob('60s'), timeoutMs: 120_000, onTimedStart: kill });
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
      const qemus = descendants(/qemu-system/);
      expect(qemus.length).toBe(1);
      const kill = () => setImmediate(() => process.kill(qemus[0]!, 'SIGKILL'));
      const result = await session.run({ id: 'vfs-qemu-kill/long/r1', args: longJob('60s'), timeoutMs: 120_000, onTimedStart: kill });
      expect(result.state).toBe('failed');
      // virtiofsd exits cleanly once its frontend is gone; the cause is QEMU's death.
      expect(result.reason).toMatch(/^QEMU exited unexpectedly \(killed by SIGKILL\)/);
      expect(result.reason).not.toMatch(/virtiofsd exited/);
      expect(leftovers()).toEqual([]);
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
    const opening = performance.now();
    const session: Session = await environment.open({ logDir: env.logDir('vfs-timeout') });
    // Booting this guest on this machine, now: stopping it after the timeout takes less.
    const bootMs = performance.now() - opening;
    try {
      const started = performance.now();
      const result = await session.run({ id: 'vfs-timeout/tiny/r1', args: tinyJob, timeoutMs: 3000 });
      const elapsedMs = performance.now() - started;
      expect(result.state).toBe('timedOut');
      expect(result.reason).toMatch(/no result within 3000 ms/);
      expect(elapsedMs).toBeGreaterThanOrEqual(3000);
      expect(elapsedMs - 3000, `boot took ${Math.round(bootMs)} ms`).toBeLessThan(bootMs);
      expect(leftovers()).toEqual([]);
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
    let opened = false;
    void opening.then(() => (opened = true), () => undefined);
    await until('QEMU has started', () => opened || descendants(/qemu-system/).length > 0);
    controller.abort();
    const error = await opening.catch((e: unknown) => e);
    // Not waited for the boot: the guest never reported ready, and nothing of it runs any more.
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as Error).message).toMatch(/interrupted while the guest was starting/);
    expect(leftovers()).toEqual([]);
  });

  it('stops promptly and reports interrupted when the run is aborted', async () => {
    const environment = createVirtiofsEnvironment(virtiofsSpec('vfs-abort'), env.ctx);
    const session = await environment.open({ logDir: env.logDir('vfs-abort') });
    try {
      const controller = new AbortController();
      let abortedAt = 0;
      const abort = () =>
        setImmediate(() => {
          abortedAt = performance.now();
          controller.abort();
        });
      // Aborted as fio's 60 s timed part begins: the run ends long before fio would have.
      const result = await session.run({ id: 'vfs-abort/long/r1', args: longJob('60s'), timeoutMs: 120_000, onTimedStart: abort }, controller.signal);
      expect(result.state).toBe('interrupted');
      expect(abortedAt).toBeGreaterThan(0);
      expect(performance.now() - abortedAt).toBeLessThan(60_000);
      expect(leftovers()).toEqual([]);
    } finally {
      await session.close();
    }
  });
});
