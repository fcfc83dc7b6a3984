import { createHash } from 'node:crypto';
import { readFile, realpath } from 'node:fs/promises';
import { fileDigests, which } from '@sharebench/host';
import { readElf } from './elf.js';
import { findHostTool, GUEST_TOOLS, programClosure, type GuestTool } from './guest-tools.js';
import { pickKernelPackage, type KernelPackage } from './kernel-package.js';
import { message } from './messages.js';

/**
 * The modules the guest loads, in the order asked for (dependencies are still put first when the
 * image is built): the virtio PCI transport, virtio-fs, 9p over virtio, and virtio_console for the
 * host channel.
 */
export const GUEST_MODULES = [
  'virtio_ring',
  'virtio',
  'virtio_pci_legacy_dev',
  'virtio_pci_modern_dev',
  'virtio_pci',
  'fuse',
  'virtiofs',
  'netfs',
  'fscache',
  '9pnet',
  '9pnet_virtio',
  '9p',
  'virtio_console',
] as const;

/** Modules some kernels do not have as such: Linux 6.7 folded fscache into netfs. */
export const OPTIONAL_GUEST_MODULES: readonly string[] = ['fscache'];

// Bumped whenever the image layout changes in a way its other inputs do not show.
const IMAGE_FORMAT = 2;

/** Environment variable: `full` puts fio's whole library closure in the guest instead of the trimmed one. */
export const FIO_CLOSURE_ENV = 'SHAREBENCH_GUEST_FIO_CLOSURE';

/** Which of fio's libraries the guest gets: all of them, or those local I/O needs (see trimFioClosure). */
export type FioClosure = 'trimmed' | 'full';

/** Everything a guest image is made of; its hash is the image's cache key. */
export interface ImageInputs {
  format: number;
  kernel: KernelPackage;
  busybox: { path: string; sha256: string };
  fio: {
    path: string;
    sha256: string;
    interpreter: string | null;
    closure: FioClosure;
    /** The full closure, as the loader lists it (a trimmed image derives its stubs from these). */
    libraries: { name: string; path: string; sha256: string }[];
  };
  /** The developer loops' programs this host has (GUEST_TOOLS), each with its library closure. */
  tools: {
    name: GuestTool;
    path: string;
    sha256: string;
    interpreter: string | null;
    libraries: { name: string; path: string; sha256: string }[];
  }[];
  initSha256: string;
  /** The guest's /init (provision's script, constants substituted); not part of the key beyond its hash. */
  initScript: string;
  modules: readonly string[];
}

export interface ImageInputOptions {
  /** Debian kernel package for the guest; default: see pickKernelPackage. */
  kernelPackage?: string | null;
  /** Default: SHAREBENCH_GUEST_FIO_CLOSURE, else `trimmed`. */
  fioClosure?: FioClosure | null;
  /** The image cache, which keeps answers that are slow to get. */
  cacheDir: string | null;
  /** The guest's /init script (the environments' side of the guest protocol). */
  init: string;
}

/**
 * Collects the image's inputs from this host: the kernel package apt would give (not downloaded),
 * busybox-static, fio and its shared-library closure (as the dynamic loader lists it), the
 * developer loops' tools the host has (git, sqlite3) with theirs, and the content hash of each file.
 */
export async function collectImageInputs(options: ImageInputOptions): Promise<ImageInputs> {
  const [kernel, busybox, fio] = await Promise.all([pickKernelPackage(options.kernelPackage ?? null, options.cacheDir), findStaticBusybox(), findFio()]);
  const interpreter = readElf(await readFile(fio), fio).interpreter;
  const libraries = await programClosure(fio, interpreter);
  const [busyboxSha, fioSha, ...librarySha] = await fileDigests([busybox, fio, ...libraries.map((l) => l.path)], options.cacheDir);
  const found = (await Promise.all(GUEST_TOOLS.map(findHostTool))).filter((t) => t !== null);
  const tools = await Promise.all(
    found.map(async (t) => {
      const [sha256, ...libSha] = await fileDigests([t.path, ...t.libraries.map((l) => l.path)], options.cacheDir);
      return { ...t, sha256: sha256!, libraries: t.libraries.map((l, i) => ({ ...l, sha256: libSha[i]! })) };
    }),
  );
  const closure = options.fioClosure ?? (process.env[FIO_CLOSURE_ENV] === 'full' ? 'full' : 'trimmed');
  return {
    format: IMAGE_FORMAT,
    kernel,
    busybox: { path: busybox, sha256: busyboxSha! },
    fio: {
      path: fio,
      sha256: fioSha!,
      interpreter,
      closure,
      libraries: libraries.map((l, i) => ({ ...l, sha256: librarySha[i]! })),
    },
    tools,
    initSha256: createHash('sha256').update(options.init).digest('hex'),
    initScript: options.init,
    modules: GUEST_MODULES,
  };
}

/** The cache key of an image: a short hash of its inputs. */
export function imageKey(inputs: ImageInputs): string {
  return createHash('sha256').update(JSON.stringify({ ...inputs, initScript: undefined })).digest('hex').slice(0, 20);
}

/** /bin/busybox when it is statically linked (busybox-static); throws with the fix otherwise. */
export async function findStaticBusybox(): Promise<string> {
  for (const candidate of ['/bin/busybox', '/usr/bin/busybox']) {
    if (!(await which(candidate))) continue;
    const elf = readElf(await readFile(candidate), candidate);
    if (elf.interpreter === null) return candidate;
    throw new Error(message.busyboxDynamic(candidate));
  }
  throw new Error(message.busyboxMissing());
}

async function findFio(): Promise<string> {
  const fio = await which('fio');
  if (!fio) throw new Error(message.fioMissing());
  return realpath(fio);
}
