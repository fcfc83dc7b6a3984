import { mkdir, mkdtemp, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { acquireLock, describeHolder, selfHolder } from '@sharebench/host';
import { basename, join } from 'node:path';
import { buildGuestImage, type GuestImage } from './build-image.js';
import { collectImageInputs, imageKey, type FioClosure, type ImageInputs } from './image-inputs.js';
import { message } from './messages.js';

export interface GuestImageOptions {
  /** Cache root (EnvContext.cacheDir); images live in `<cacheDir>/guest/<key>/`. */
  cacheDir: string;
  /** Debian kernel package for the guest; default: see pickKernelPackage. */
  kernelPackage?: string | null;
  /** fio's libraries in the guest; default: SHAREBENCH_GUEST_FIO_CLOSURE, else `trimmed` (see trimFioClosure). */
  fioClosure?: FioClosure | null;
  /** The guest's /init script: an input, written by the environments that speak its protocol. */
  init: string;
}

const building = new Map<string, Promise<GuestImage>>();

/**
 * The guest image for this host's fio, busybox and chosen kernel: taken from the cache when an
 * image with the same inputs was built before, otherwise built (needs Debian's mirrors) and cached.
 * A build happens in a temporary directory renamed into place when complete, so an interrupted
 * build leaves no half image; concurrent builders queue on the host's lock, and should two build at
 * once anyway (a lock on a filesystem another host shares), the first rename wins and the other uses that image.
 */
export async function ensureGuestImage(options: GuestImageOptions): Promise<GuestImage> {
  const inputs = await collectImageInputs({ ...options, cacheDir: join(options.cacheDir, 'guest') });
  const key = imageKey(inputs);
  const root = join(options.cacheDir, 'guest');
  const finalDir = join(root, key);
  const cached = await readImage(finalDir);
  if (cached) return cached;

  let pending = building.get(finalDir);
  if (!pending) {
    pending = buildOnce(inputs, key, root, finalDir).finally(() => building.delete(finalDir));
    building.set(finalDir, pending);
  }
  return pending;
}

async function buildOnce(inputs: ImageInputs, key: string, root: string, finalDir: string): Promise<GuestImage> {
  await mkdir(root, { recursive: true });
  const unlock = await buildLock(root, key);
  try {
    const built = await readImage(finalDir);
    if (built) return built;
    await removeAbandonedBuilds(root);
    const tmp = await mkdtemp(join(root, `.build-${process.pid}-`));
    try {
      const image = await buildGuestImage(inputs, key, join(tmp, 'work'), join(tmp, 'image'), finalDir);
      try {
        await rename(join(tmp, 'image'), finalDir);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw err;
        // Another builder (one that found the lock stale) finished first; same inputs, same image.
        return (await readImage(finalDir)) ?? image;
      }
      return image;
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  } finally {
    await unlock();
  }
}

// Waits for the build lock of `key`, so that processes starting together build an image once
// instead of each downloading the kernel. Only an optimisation: correctness comes from the rename.
// It is the host's lock (a holder record taken atomically; one whose process is gone is taken
// over by exactly one waiter), so a live builder's lock is never removed by another.
async function buildLock(root: string, key: string): Promise<() => Promise<void>> {
  const lock = await acquireLock(join(root, `.lock-${key}`), selfHolder(`build guest image ${key}`, root), {
    wait: true,
    pollMs: 250,
    busy: (h) => message.imageBeingBuilt(key, describeHolder(h)),
  });
  return async () => lock.release();
}

// A complete image always has its manifest: only complete images are renamed into the cache.
async function readImage(dir: string): Promise<GuestImage | null> {
  const text = await readFile(join(dir, 'manifest.json'), 'utf8').catch(() => null);
  if (text === null) return null;
  const stored = (JSON.parse(text) as { image: GuestImage }).image;
  // Paths are re-derived from where the image is now, in case the cache directory moved.
  const image: GuestImage = {
    ...stored,
    tools: stored.tools ?? [],
    dir,
    kernelPath: join(dir, basename(stored.kernelPath)),
    initramfsPath: join(dir, basename(stored.initramfsPath)),
  };
  const present = await Promise.all([stat(image.kernelPath), stat(image.initramfsPath)].map((p) => p.then(() => true, () => false)));
  return present.every(Boolean) ? image : null;
}

/** The cached image for this host's inputs when it has been built, else null (nothing is built). */
export async function builtGuestImage(options: GuestImageOptions): Promise<GuestImage | null> {
  const inputs = await collectImageInputs({ ...options, cacheDir: join(options.cacheDir, 'guest') });
  return readImage(join(options.cacheDir, 'guest', imageKey(inputs)));
}

/** The cache path an image with this host's inputs has (built or not), and whether it is there. */
export async function guestImageStatus(options: GuestImageOptions): Promise<{ key: string; dir: string; built: boolean; kernel: string }> {
  const inputs = await collectImageInputs({ ...options, cacheDir: join(options.cacheDir, 'guest') });
  const key = imageKey(inputs);
  const dir = join(options.cacheDir, 'guest', key);
  return { key, dir, built: (await readImage(dir)) !== null, kernel: `${inputs.kernel.name} ${inputs.kernel.version}` };
}

// Removes `.build-<pid>-*` directories left by builders that no longer run (killed mid-build).
async function removeAbandonedBuilds(root: string): Promise<void> {
  for (const name of await readdir(root).catch(() => [] as string[])) {
    const pid = /^\.build-(\d+)-/.exec(name)?.[1];
    if (pid === undefined || isAlive(Number(pid))) continue;
    // A child of the dead builder (dpkg-deb) may still be writing there: try again next build.
    await rm(join(root, name), { recursive: true, force: true }).catch(() => undefined);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
