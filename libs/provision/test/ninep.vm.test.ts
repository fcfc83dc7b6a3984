import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createNinepEnvironment } from '../src/ninep.js';
import { EnvironmentError } from '../src/types.js';
import { guestScratch, ninepSpec, tinyJob } from '@sharebench/provision/testing';

// Real QEMU (TCG here) with its built-in 9p server: each case boots one guest, about 5-20 s (more
// when the test files share two cores).
describe('ninep', { timeout: 240_000 }, () => {
  const env = guestScratch();

  it('boots pinned to NUMA node 0, mounts 9p with the asked cache mode and msize (checked in /proc/mounts) and returns a real fio json+ run', async () => {
    // A comma in the shared directory's path exercises QEMU's option escaping (path=/a,,b).
    const sharedDir = join(env.ctx.scratchRoot, 'odd,dir');
    const environment = createNinepEnvironment(ninepSpec('p9-ok', { cache: 'loose', msize: 262_144, sharedDir, numa: 0 }), env.ctx);
    expect(environment.meta).toEqual({ name: 'p9-ok', fs: '9p', cache: 'loose', dax: false, numa: 0 });
    expect(await environment.unsupportedReason()).toBeNull();
    const session = await environment.open({ logDir: env.logDir('p9-ok') });
    try {
      expect(session.info.mount).toMatch(/^sharebench \/mnt\/share 9p \S*\bloose\b\S*\bmsize=262144\b/);
      expect(session.info.kernel).toMatch(/^\d+\.\d+\.\d+-\d+-amd64$/);
      expect((session.info.record.kind === '9p' ? session.info.record.qemu.argv : []).slice(0, 3)).toEqual([expect.stringMatching(/numactl$/), '--cpunodebind=0', '--membind=0']);
      const result = await session.run({ id: 'p9-ok/tiny/r1', args: tinyJob, timeoutMs: 60_000 });
      expect(result.state).toBe('completed');
      expect(result.stdout).toContain('"jobs"');
      expect(JSON.parse(result.stdout).jobs[0].read.io_bytes).toBeGreaterThan(0);
      await access(join(sharedDir, 'sharebench.0.0'));
    } finally {
      await session.close();
    }
  });

  it('fails open with the boot timeout and the serial log tail when the init hangs', async () => {
    const environment = createNinepEnvironment(ninepSpec('p9-hang'), env.ctx, { testing: { fault: 'hang' }, bootTimeoutMs: 15_000 });
    const error = (await environment.open({ logDir: env.logDir('p9-hang') }).catch((e: unknown) => e)) as EnvironmentError;
    expect(error).toBeInstanceOf(EnvironmentError);
    expect(error.message).toMatch(/did not report ready within 15000 ms \(boot timeout\)/);
    expect(error.logTail).toMatch(/fault injection: hanging/);
    expect(error.command?.join(' ')).toMatch(/-device virtio-9p-pci,fsdev=share,mount_tag=sharebench/);
  });

  it('fails open with the panic line when the guest kernel panics while booting', async () => {
    const environment = createNinepEnvironment(ninepSpec('p9-panic'), env.ctx, { testing: { fault: 'panic' } });
    const error = (await environment.open({ logDir: env.logDir('p9-panic') }).catch((e: unknown) => e)) as EnvironmentError;
    expect(error).toBeInstanceOf(EnvironmentError);
    expect(error.message).toMatch(/the guest kernel panicked: Kernel panic - not syncing: sysrq triggered crash/);
    expect(error.logPath).toMatch(/serial\.log$/);
  });

  it('refuses to run fio when the share is no longer mounted, instead of writing to the RAM disk', async () => {
    const environment = createNinepEnvironment(ninepSpec('p9-unmounted'), env.ctx, { testing: { fault: 'run-unmounted' } });
    const session = await environment.open({ logDir: env.logDir('p9-unmounted') });
    try {
      const result = await session.run({ id: 'p9-unmounted/tiny/r1', args: tinyJob, timeoutMs: 60_000 });
      expect(result.state).toBe('failed');
      expect(result.reason).toMatch(/\/mnt\/share is no longer the 9p mount checked at boot \(\/proc\/mounts: nothing\); fio was not started/);
    } finally {
      await session.close();
    }
  });

  it('fails the run (not the caller) when the guest panics during it', async () => {
    const environment = createNinepEnvironment(ninepSpec('p9-run-panic'), env.ctx, { testing: { fault: 'run-panic' } });
    const session = await environment.open({ logDir: env.logDir('p9-run-panic') });
    try {
      const result = await session.run({ id: 'p9-run-panic/tiny/r1', args: tinyJob, timeoutMs: 60_000 });
      expect(result.state).toBe('failed');
      expect(result.reason).toMatch(/the guest kernel panicked/);
    } finally {
      await session.close();
    }
  });
});
