import { ninepCacheOf, type NinepCacheMode } from '@sharebench/core';
import { GUEST_MOUNT } from './contract.js';
import { message } from '../messages.js';

const NINEP_DEFAULT_MSIZE = 131072;

/** What the host expects the guest's /proc/mounts line for the share to say. */
export type ExpectedMount =
  | { fs: 'virtiofs'; tag: string; dax: boolean }
  | { fs: '9p'; tag: string; cache: NinepCacheMode; msize: number };


/**
 * Checks a /proc/mounts line against what was asked for (file system type, source tag, and the
 * options that change behaviour: 9p's cache mode and msize, virtio-fs DAX). Returns what is wrong
 * in words, or null when the mount is the one asked for.
 */
export function mountProblem(line: string, expected: ExpectedMount): string | null {
  const [source, mountPoint, type, optionText] = line.trim().split(/\s+/);
  if (mountPoint !== GUEST_MOUNT) return message.noMountAtGuestDir(GUEST_MOUNT, line);
  if (type !== expected.fs) return message.mountWrongType(GUEST_MOUNT, type, expected.fs);
  if (source !== expected.tag) return message.mountWrongTag(GUEST_MOUNT, source, expected.tag);
  const options = new Set((optionText ?? '').split(','));
  if (expected.fs === 'virtiofs') {
    const dax = [...options].some((o) => o === 'dax' || o === 'dax=always');
    if (dax !== expected.dax) return expected.dax ? message.daxMissing() : message.daxUnasked();
    return null;
  }
  // Linux < 6.4 leaves msize out of /proc/mounts when it is the default, 128 KiB since 5.15.
  const msize = [...options].find((o) => o.startsWith('msize='))?.slice('msize='.length) ?? String(NINEP_DEFAULT_MSIZE);
  if (msize !== String(expected.msize)) return message.msizeClamped(msize, expected.msize);
  const cache = ninepCacheOf([...options]) ?? 'none';
  if (cache !== expected.cache) return message.ninepCacheWrong(cache, expected.cache);
  return null;
}
