import { afterEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { acquireLock, describeHolder, selfHolder, type LockHolder } from '@sharebench/host';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function lockFile(): Promise<string> {
  const dir = await mkdtemp(join(os.tmpdir(), 'sharebench-lock-boot-'));
  dirs.push(dir);
  return join(dir, '.sharebench.lock');
}

const busy = (h: LockHolder) => `busy: pid ${h.pid}`;
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid!;
// The kernel's own word for this boot, read here independently of the code under test.
const BOOT = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();

/** A lock file left by a process that is gone, as `over` says it was taken. */
async function staleLock(path: string, over: Partial<LockHolder> | ((h: LockHolder) => Record<string, unknown>)): Promise<LockHolder> {
  const self = { ...selfHolder('sharebench run x', '/data/x'), pid: deadPid() };
  const holder = typeof over === 'function' ? over(self) : { ...self, ...over };
  await writeFile(path, JSON.stringify(holder));
  return holder as unknown as LockHolder;
}

describe('host/lock: host and boot identity', () => {
  it('records the boot id and host_id of the holder', async () => {
    const path = await lockFile();
    const lock = await acquireLock(path, selfHolder('sharebench run x', '/data/x'), { busy });
    const onDisk = JSON.parse(await readFile(path, 'utf8')) as LockHolder;
    expect(onDisk.boot_id).toBe(BOOT);
    expect(onDisk.host_id).toEqual(expect.any(String));
    expect(onDisk.host).toBe(os.hostname());
    lock.release();
  });

  it('takes over a stale lock of this host in this boot', async () => {
    const path = await lockFile();
    const stale = await staleLock(path, {});
    const lock = await acquireLock(path, selfHolder('sharebench run x', '/data/x'), { busy });
    expect(lock.tookOver).toEqual(stale);
    lock.release();
  });

  it('never takes over a lock of a same-named host in another boot (a clone, or this machine before a reboot)', async () => {
    const path = await lockFile();
    await staleLock(path, { boot_id: '00000000-0000-4000-8000-000000000000' });
    await expect(acquireLock(path, selfHolder('sharebench run x', '/data/x'), { busy })).rejects.toThrow(
      new RegExp(`^busy: pid \\d+; the lock was taken on host ${os.hostname()} in another boot \\(boot id 00000000-0000-4000-8000-000000000000\\) ` +
        'or on a clone of this machine, so whether it still runs cannot be told from here: if it does not, delete .*\\.sharebench\\.lock$'),
    );
    // Still there, untouched.
    expect(JSON.parse(await readFile(path, 'utf8')).boot_id).toBe('00000000-0000-4000-8000-000000000000');
  });

  it('never takes over a lock of another machine with the same name and boot id (another host_id)', async () => {
    const path = await lockFile();
    await staleLock(path, { host_id: 'some-other-machine' });
    await expect(acquireLock(path, selfHolder('sharebench run x', '/data/x'), { busy })).rejects.toThrow(/another machine of that name: host_id some-other-machine/);
  });

  it('never takes over a lock written before boot ids were recorded', async () => {
    const path = await lockFile();
    const old = await staleLock(path, (h) => {
      const { boot_id: _b, host_id: _h, ...rest } = h;
      return rest;
    });
    await expect(acquireLock(path, selfHolder('sharebench run x', '/data/x'), { busy })).rejects.toThrow(/did not record its boot/);
    expect(describeHolder({ ...old, boot_id: null, host_id: null })).toMatch(new RegExp(`^pid ${old.pid} on ${os.hostname()} `));
  });

  it('waits for a same-named host in another boot when asked, and takes the lock once it is deleted', async () => {
    const path = await lockFile();
    await staleLock(path, { boot_id: '00000000-0000-4000-8000-000000000000' });
    const told: string[] = [];
    const waiting = acquireLock(path, selfHolder('sharebench run x', '/data/x'), {
      busy,
      wait: true,
      pollMs: 10,
      onWait: (h) => {
        told.push(h.boot_id!);
        void rm(path); // the operator, having checked that host
      },
    });
    const lock = await waiting;
    expect(told).toEqual(['00000000-0000-4000-8000-000000000000']);
    expect(lock.tookOver).toBeNull();
    lock.release();
  });
});
