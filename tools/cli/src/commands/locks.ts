import { rmdirSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import {
  acquireLock,
  datasetLockPath,
  describeHolder,
  ensureSharedDir,
  hostLockDir,
  hostLockPath,
  selfHolder,
  type Lock,
  type LockHolder,
} from '@sharebench/host';
import type { CliIo } from '../types.js';
import { message } from '../messages.js';

export interface LockOptions {
  /** `--wait`: queue behind the holder instead of refusing. */
  wait?: boolean;
  signal?: AbortSignal;
}

/**
 * Takes the dataset lock for a writing command (run, import, analyze): one writer per dataset.
 * A second one is refused (exit 2) with the holder named; a lock whose holder is gone is taken
 * over with a note. Readers (query, report) never take it.
 */
export async function lockDataset(dataset: string, command: string, io: CliIo, options: LockOptions = {}): Promise<Lock> {
  const existed = await stat(dataset).then(() => true, () => false);
  let lock: Lock;
  try {
    lock = await acquireLock(datasetLockPath(dataset), selfHolder(command, dataset), {
      ...options,
      busy: (h) => message.datasetInUse(dataset, describeHolder(h), options.wait !== undefined),
      onWait: (h) => io.stderr.write(`${message.waitingForDataset(dataset, describeHolder(h))}\n`),
      onTakeOver: (h) => io.stderr.write(`${message.tookOverDataset(dataset, describeHolder(h))}\n`),
    });
  } catch (err) {
    if (!existed) removeIfEmpty(dataset);
    throw err;
  }
  if (existed) return lock;
  // A dataset directory the lock created and nothing filled (a refused input) goes with it.
  return { ...lock, release: () => (lock.release(), removeIfEmpty(dataset)) };
}

/**
 * Takes the host-wide measurement lock: two campaigns measuring on one host at once share its CPUs
 * and disks and skew each other, so the second is refused (exit 2) with the first one's dataset
 * named, or with `--wait` queues behind it.
 */
export async function lockHost(dataset: string, command: string, io: CliIo, options: LockOptions = {}): Promise<Lock> {
  ensureSharedDir(hostLockDir());
  const holderSays = (h: LockHolder) => message.hostHolder(h.dataset, describeHolder(h));
  return acquireLock(hostLockPath(), selfHolder(command, dataset), {
    ...options,
    busy: (h) => message.hostInUse(holderSays(h)),
    onWait: (h) => io.stderr.write(`${message.waitingForHost(holderSays(h))}\n`),
    onTakeOver: (h) => io.stderr.write(`${message.tookOverHost(describeHolder(h))}\n`),
  });
}

/**
 * Runs `fn` holding the dataset lock; SIGINT or SIGTERM release it and exit 130 (run installs its
 * own handlers instead, which stop the current run first).
 */
export async function withDatasetLock<T>(dataset: string, command: string, io: CliIo, fn: () => Promise<T>): Promise<T> {
  const lock = await lockDataset(dataset, command, io);
  const onSignal = () => {
    lock.release();
    process.exit(130);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await fn();
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    lock.release();
  }
}

function removeIfEmpty(dir: string): void {
  try {
    rmdirSync(dir); // fails unless empty
  } catch {
    // not empty, or gone
  }
}
