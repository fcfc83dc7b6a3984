import { afterEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { acquireLock, LockedError, processStart, selfHolder, type LockHolder } from '@sharebench/host';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function lockFile(): Promise<string> {
  const dir = await mkdtemp(join(os.tmpdir(), 'sharebench-lock-'));
  dirs.push(dir);
  return join(dir, 'ds', '.sharebench.lock');
}

const busy = (h: LockHolder) => `busy: pid ${h.pid} ${h.command}`;
/** A pid that existed a moment ago and is gone now. */
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid!;

describe('host/lock', () => {
  it('is a file holding the holder, taken once, removed on release', async () => {
    const path = await lockFile();
    const before = Date.now();
    const lock = await acquireLock(path, selfHolder('sharebench run x', '/data/x'), { busy });
    const after = Date.now();
    const onDisk = JSON.parse(await readFile(path, 'utf8')) as LockHolder;
    expect(onDisk).toMatchObject({ pid: process.pid, host: os.hostname(), command: 'sharebench run x', dataset: '/data/x' });
    expect(onDisk.pid_start).toBe(processStart(process.pid));
    expect(onDisk.started_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Date.parse(onDisk.started_at)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(onDisk.started_at)).toBeLessThanOrEqual(after);
    await expect(acquireLock(path, selfHolder('sharebench analyze x', '/data/x'), { busy })).rejects.toThrow(LockedError);
    await expect(acquireLock(path, selfHolder('sharebench analyze x', '/data/x'), { busy })).rejects.toMatchObject({
      exitCode: 2,
      message: `busy: pid ${process.pid} sharebench run x`,
    });
    lock.release();
    expect(existsSync(path)).toBe(false);
    lock.release(); // twice is fine
    const again = await acquireLock(path, selfHolder('sharebench analyze x', '/data/x'), { busy });
    again.release();
  });

  it('takes over a lock whose holder is gone, and says so', async () => {
    const path = await lockFile();
    const first = await acquireLock(path, { ...selfHolder('sharebench run x', '/data/x'), pid: deadPid() }, { busy });
    const gone: LockHolder[] = [];
    const lock = await acquireLock(path, selfHolder('sharebench run x', '/data/x'), { busy, onTakeOver: (h) => gone.push(h) });
    expect(gone).toEqual([first.holder]);
    expect(lock.tookOver).toEqual(first.holder);
    expect(JSON.parse(await readFile(path, 'utf8')).pid).toBe(process.pid);
    // The dead holder's release must not remove the new holder's lock.
    first.release();
    expect(existsSync(path)).toBe(true);
    lock.release();
  });

  it('takes over a lock whose pid now belongs to another process (pid reuse)', async () => {
    const path = await lockFile();
    const reused = { ...selfHolder('sharebench run x', '/data/x'), pid_start: (processStart(process.pid) ?? 0) + 1 };
    await acquireLock(path, reused, { busy });
    const lock = await acquireLock(path, selfHolder('sharebench run y', '/data/x'), { busy });
    expect(lock.tookOver).toMatchObject({ command: 'sharebench run x' });
    lock.release();
  });

  it('never takes over a lock from another host', async () => {
    const path = await lockFile();
    await acquireLock(path, { ...selfHolder('sharebench run x', '/data/x'), host: 'elsewhere', pid: deadPid() }, { busy });
    await expect(acquireLock(path, selfHolder('sharebench run x', '/data/x'), { busy })).rejects.toThrow(
      /^busy: .*; the lock was taken on host elsewhere, so whether it still runs cannot be told from here: if it does not, delete .*\.sharebench\.lock$/,
    );
  });

  it('waits for a live holder when asked, telling once per holder', async () => {
    const path = await lockFile();
    const other = await acquireLock(path, { ...selfHolder('sharebench run other', '/data/o'), started_at: '2000-01-01T00:00:00.000Z' }, { busy });
    const told: string[] = [];
    // The holder leaves once the waiter has said it waits, after one more poll.
    const onWait = (h: LockHolder) => {
      told.push(h.command);
      setImmediate(() => other.release());
    };
    const lock = await acquireLock(path, selfHolder('sharebench run x', '/data/x'), { busy, wait: true, pollMs: 20, onWait });
    expect(told).toEqual(['sharebench run other']);
    lock.release();
  });

  it('stops waiting when aborted', async () => {
    const path = await lockFile();
    const other = await acquireLock(path, { ...selfHolder('sharebench run other', '/data/o'), started_at: '2000-01-01T00:00:00.000Z' }, { busy });
    const controller = new AbortController();
    const onWait = () => setImmediate(() => controller.abort());
    await expect(acquireLock(path, selfHolder('x', '/x'), { busy, wait: true, pollMs: 60_000, onWait, signal: controller.signal })).rejects.toThrow(/abort/i);
    other.release();
  });

  it('refuses a stale lock whose take-over was interrupted, naming both files to delete', async () => {
    const path = await lockFile();
    const gone = await acquireLock(path, { ...selfHolder('sharebench run x', '/data/x'), pid: deadPid() }, { busy });
    // The guard a contender makes while it removes the stale file, left by one that died there 11 s ago.
    const guard = `${path}.takeover-${createHash('sha256').update(await readFile(path, 'utf8')).digest('hex').slice(0, 16)}`;
    await mkdir(guard);
    const past = new Date(Date.now() - 11_000);
    await utimes(guard, past, past);
    await expect(acquireLock(path, selfHolder('x', '/x'), { busy })).rejects.toThrow(
      `${path}: a take-over of the lock left by pid ${gone.holder.pid} ('sharebench run x') since ${gone.holder.started_at} was interrupted; ` +
        `if no sharebench command is running, delete ${path} and ${guard} and try again`,
    );
  });

  it('refuses a lock file it cannot read, saying what to do', async () => {
    const path = await lockFile();
    await acquireLock(path, selfHolder('x', '/x'), { busy }).then((l) => l.release());
    await writeFile(path, 'not json');
    await expect(acquireLock(path, selfHolder('x', '/x'), { busy })).rejects.toThrow(/a lock file sharebench cannot read; if no sharebench command is running, delete it/);
  });
});
