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
      busy: (h) =>
        `${dataset}: in use by ${describeHolder(h)}; one command writes a dataset at a time (query and report still read it): ` +
        `wait for it to end${options.wait === undefined ? '' : ', or pass --wait to queue behind it'}`,
      onWait: (h) => io.stderr.write(`sharebench: waiting for ${dataset}, in use by ${describeHolder(h)}\n`),
      onTakeOver: (h) => io.stderr.write(`sharebench: note: took over ${dataset}'s lock from ${describeHolder(h)}, which is gone; runs it left are redone\n`),
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
  const holderSays = (h: LockHolder) => `dataset ${h.dataset} (${describeHolder(h)})`;
  return acquireLock(hostLockPath(), selfHolder(command, dataset), {
    ...options,
    busy: (h) =>
      `another campaign is measuring on this host: ${holderSays(h)}; two at once would share CPUs and disks and skew both: ` +
      'wait for it, or pass --wait to queue behind it',
    onWait: (h) => io.stderr.write(`sharebench: waiting: another campaign is measuring on this host: ${holderSays(h)}\n`),
    onTakeOver: (h) => io.stderr.write(`sharebench: note: took over the host's measurement lock from ${describeHolder(h)}, which is gone\n`),
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
