import { readProcStat } from './proc.js';
import { bootId, hostId } from './host-identity.js';
import { message } from './messages.js';
import {
  accessSync,
  constants,
  linkSync,
  mkdirSync,
  readFileSync,
  rmdirSync,
  statSync,
  unlinkSync,
  writeFileSync,
  chmodSync,
} from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SharebenchError, ExitCode, DATASET_LOCK_FILE } from '@sharebench/core';

/**
 * Who holds a lock: written as JSON into the lock file when it is taken, so that whoever meets it
 * can say who holds it, and can tell a live holder from one that is gone.
 */
export interface LockHolder {
  pid: number;
  /** The holder's start time (clock ticks after boot, /proc/<pid>/stat): a reused pid is not the holder. */
  pid_start: number | null;
  /** os.hostname(): a lock from another host is never taken over (its pid means nothing here). */
  host: string;
  /**
   * The holder's host_id and /proc/sys/kernel/random/boot_id: machines cloned from one image share
   * the hostname, so a lock is taken over only when hostname, host_id and boot id all match this
   * process's (then its pid can be checked here). Null in locks of sharebench before them: never taken over.
   */
  host_id: string | null;
  boot_id: string | null;
  /** The command line, e.g. `sharebench run data/quick`. */
  command: string;
  started_at: string;
  /** The dataset the holder writes (absolute). */
  dataset: string;
}

/** A lock this process holds, until release(). */
export interface Lock {
  readonly path: string;
  readonly holder: LockHolder;
  /** The holder that was gone when this lock was taken from it (by this process), or null. */
  readonly tookOver: LockHolder | null;
  /** Removes the lock file if it is still ours; synchronous, so it can run on the way out. */
  release(): void;
}

/** A lock held by someone else: exit code 2, a message naming the holder. */
export class LockedError extends SharebenchError {
  readonly holder: LockHolder | null;
  readonly path: string;
  constructor(message: string, path: string, holder: LockHolder | null) {
    super(message, { exitCode: ExitCode.usage });
    this.name = 'LockedError';
    this.path = path;
    this.holder = holder;
  }
}

export interface AcquireOptions {
  /** Wait until the lock is free instead of refusing (`--wait`); polled every `pollMs`. */
  wait?: boolean;
  pollMs?: number;
  /** Called when waiting starts, and again whenever the holder changes. */
  onWait?: (holder: LockHolder) => void;
  /**
   * Called once this process holds a lock it found held by a holder that is gone: by the one
   * process that then holds it, never by a contender that lost the lock to another.
   */
  onTakeOver?: (gone: LockHolder) => void;
  /** Stops waiting (rejects with the signal's reason). */
  signal?: AbortSignal;
  /** Says what the lock protects and what to do, for the refusal: `busy(holder)` is its message. */
  busy: (holder: LockHolder) => string;
}

/** The dataset lock's file: `<dataset>/.sharebench.lock`. */

/** Where a dataset's writers lock it. */
export function datasetLockPath(dataset: string): string {
  return join(dataset, DATASET_LOCK_FILE);
}

/** The environment variable that moves the host-wide measurement lock (tests give each their own). */
export const HOST_LOCK_DIR_ENV = 'SHAREBENCH_HOST_LOCK_DIR';

/**
 * The directory of the host-wide measurement lock: `$SHAREBENCH_HOST_LOCK_DIR`, else
 * `/run/lock/sharebench` (the FHS place for host-wide lock files, shared by every user), else
 * `<os.tmpdir()>/sharebench-locks` where /run/lock is missing or not writable.
 */
export function hostLockDir(): string {
  const given = process.env[HOST_LOCK_DIR_ENV];
  if (given) return resolve(given);
  try {
    accessSync('/run/lock', constants.W_OK);
    return '/run/lock/sharebench';
  } catch {
    return join(os.tmpdir(), 'sharebench-locks');
  }
}

/** The host-wide measurement lock's file. */
export function hostLockPath(): string {
  return join(hostLockDir(), 'measure.lock');
}

/** This process as a lock holder. */
export function selfHolder(command: string, dataset: string): LockHolder {
  const started_at = new Date().toISOString();
  const here = thisHost();
  return { pid: process.pid, pid_start: processStart(process.pid), host: os.hostname(), ...here, command, started_at, dataset: resolve(dataset) };
}

// This machine and boot as a lock sees them; a SHAREBENCH_HOST_ID that is not a safe name is refused where it is read for datasets.
function thisHost(): { host_id: string | null; boot_id: string | null } {
  let id: string | null;
  try {
    id = hostId();
  } catch {
    id = null;
  }
  return { host_id: id, boot_id: bootId() };
}

/**
 * Whether a holder ran in this very boot of this machine, where its pid can be checked: same
 * hostname, same host_id and same boot id. A same-named clone, the same machine after a reboot, or
 * a lock without a boot id (older sharebench) is elsewhere: its pid means nothing here.
 */
export function sameBoot(h: LockHolder): boolean {
  const here = thisHost();
  return h.host === os.hostname() && h.boot_id !== null && h.boot_id === here.boot_id && h.host_id === here.host_id;
}

/**
 * Takes the lock at `path` for `self`, atomically: the holder's JSON is written to a temporary
 * sibling and hard-linked to `path` (link fails if `path` exists, like an O_EXCL create, and a
 * reader never sees half a holder). A lock whose holder is gone (no such pid on this host, or the
 * pid now belongs to a later process) is taken over, and `onTakeOver` told; a live holder, or one
 * on another host, refuses with a LockedError, unless `wait` is set. The lock is released by
 * release(), and on process exit.
 */
export async function acquireLock(path: string, self: LockHolder, options: AcquireOptions): Promise<Lock> {
  mkdirSync(join(path, '..'), { recursive: true });
  // The gone holder this process last found in the lock, with no live holder found since: if its
  // next create wins, it took the lock over from that one. A contender that lost to another, or
  // never saw the gone holder (it came when the file was already removed), says nothing.
  let gone: LockHolder | null = null;
  let waitingFor: string | null = null;
  for (;;) {
    options.signal?.throwIfAborted();
    if (create(path, self)) {
      if (gone) options.onTakeOver?.(gone);
      return held(path, self, gone);
    }
    const text = readText(path);
    if (text === null) continue; // released meanwhile
    const holder = parseHolder(text);
    if (!holder) {
      throw new LockedError(message.lockUnreadable(path), path, null);
    }
    if (sameBoot(holder) && !alive(holder)) {
      gone = holder;
      if (takeOver(path, text, holder) === 'busy') await sleep(5, undefined, options.signal ? { signal: options.signal } : {});
      continue;
    }
    gone = null;
    if (!options.wait) {
      throw new LockedError(
        sameBoot(holder) ? options.busy(holder) : message.lockHeldElsewhere(options.busy(holder), elsewhere(holder), path),
        path,
        holder,
      );
    }
    const key = `${holder.host}:${holder.boot_id}:${holder.pid}:${holder.started_at}`;
    if (key !== waitingFor) {
      waitingFor = key;
      options.onWait?.(holder);
    }
    await sleep(options.pollMs ?? 500, undefined, options.signal ? { signal: options.signal } : {});
  }
}

/** The holder of the lock at `path`, or null when there is none (or it cannot be read). */
export function lockHolder(path: string): LockHolder | null {
  const text = readText(path);
  return text === null ? null : parseHolder(text);
}

/** "pid 123 (sharebench run data/quick) since 2026-01-02T03:04:05Z": a holder in one phrase. */
export function describeHolder(h: LockHolder): string {
  return `pid ${h.pid}${sameBoot(h) ? '' : ` on ${h.host}`} ('${h.command}') since ${h.started_at}`;
}

// Where a holder that is not in this boot of this machine ran, in words.
function elsewhere(h: LockHolder): string {
  if (h.host !== os.hostname()) return message.lockOnOtherHost(h.host);
  const here = thisHost();
  if (h.boot_id === null) return message.lockBootNotRecorded(h.host);
  if (h.host_id !== here.host_id) return message.lockOnMachineOfSameName(h.host, h.host_id);
  return message.lockInOtherBoot(h.host, h.boot_id);
}

function create(path: string, self: LockHolder): boolean {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, JSON.stringify(self, null, 2) + '\n', { mode: 0o644 });
  try {
    linkSync(tmp, path);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw err;
    // A filesystem without hard links: an exclusive create, written at once.
    try {
      writeFileSync(path, JSON.stringify(self, null, 2) + '\n', { flag: 'wx', mode: 0o644 });
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw e;
    }
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
  }
}

/**
 * Removes a stale lock whose content was `staleText`, without ever removing a live one. Contenders
 * that found the same stale lock serialize on a guard directory named after its content (mkdir is
 * exclusive): only the guard's owner removes the file, and only while it still holds that content,
 * which nobody else can replace meanwhile (a new holder first needs the file gone). 'busy': another
 * contender owns the guard; look again shortly.
 */
function takeOver(path: string, staleText: string, gone: LockHolder): 'removed' | 'replaced' | 'busy' {
  const guard = `${path}.takeover-${createHash('sha256').update(staleText).digest('hex').slice(0, 16)}`;
  try {
    mkdirSync(guard);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const ageMs = Date.now() - (statOrNull(guard)?.mtimeMs ?? Date.now());
    // Its owner needs microseconds; one that stays means that owner died inside the take-over.
    if (ageMs > GUARD_STALE_MS && readText(path) === staleText) {
      throw new LockedError(message.lockTakeOverInterrupted(path, describeHolder(gone), guard), path, gone);
    }
    return 'busy';
  }
  try {
    if (readText(path) !== staleText) return 'replaced';
    try {
      unlinkSync(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'replaced'; // deleted by hand
      throw err;
    }
    return 'removed';
  } finally {
    rmdirSync(guard);
  }
}

const GUARD_STALE_MS = 10_000;

function statOrNull(path: string): { mtimeMs: number } | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

function held(path: string, self: LockHolder, tookOver: LockHolder | null): Lock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    const now = lockHolder(path);
    if (now && now.pid === self.pid && now.started_at === self.started_at && now.host === self.host && now.boot_id === self.boot_id) {
      try {
        unlinkSync(path);
      } catch {
        // removed by hand
      }
    }
  };
  process.on('exit', release);
  return { path, holder: self, tookOver, release };
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function parseHolder(text: string): LockHolder | null {
  try {
    const h = JSON.parse(text) as Partial<LockHolder>;
    if (typeof h.pid !== 'number' || typeof h.host !== 'string') return null;
    return {
      pid: h.pid,
      pid_start: typeof h.pid_start === 'number' ? h.pid_start : null,
      host: h.host,
      host_id: typeof h.host_id === 'string' ? h.host_id : null,
      boot_id: typeof h.boot_id === 'string' ? h.boot_id : null,
      command: String(h.command ?? 'unknown'),
      started_at: String(h.started_at ?? 'unknown'),
      dataset: String(h.dataset ?? 'unknown'),
    };
  } catch {
    return null;
  }
}

/** Whether the holder still runs on this host: its pid exists, is no zombie, and started when the holder did. */
export function alive(h: LockHolder): boolean {
  try {
    process.kill(h.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = readProcStat(h.pid);
  if (stat === null) return true; // no /proc: kill(0) said it exists
  if (stat.state === 'Z' || stat.state === 'X') return false;
  return h.pid_start === null || stat.start === h.pid_start;
}

/** A process's start time in clock ticks after boot (/proc/<pid>/stat field 22), or null. */
export function processStart(pid: number): number | null {
  return readProcStat(pid)?.start ?? null;
}


/** Makes the host lock directory usable by every user (1777, like /tmp), as /run/lock itself is. */
export function ensureSharedDir(dir: string): void {
  mkdirSync(dir, { recursive: true });
  try {
    chmodSync(dir, 0o1777);
  } catch {
    // not ours: whoever made it chose its mode
  }
}
