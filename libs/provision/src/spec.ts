import { type AccelRequest } from '@sharebench/core';
import type { NinepCacheMode, VirtiofsCacheMode } from '@sharebench/core';

/**
 * Normalized environment specs: what a campaign's `envs[]` entries become after validation
 * (execute's normalizeCampaign). Sizes are bytes, everything explicit.
 */

export interface HostEnvSpec {
  name: string;
  kind: 'host';
  /** Directory fio runs in; null: a dedicated scratch directory sharebench creates. */
  dir: string | null;
}

export interface GuestOptions {
  vcpus: number;
  memoryBytes: number;
  /** Host NUMA node to pin QEMU and the daemon to (numactl --cpunodebind --membind); null: not pinned. */
  numa: number | null;
  /** Accelerator: auto picks kvm when /dev/kvm works, else tcg. */
  accel: AccelRequest;
  /** Directory shared with the guest; null: a dedicated scratch directory sharebench creates. */
  sharedDir: string | null;
  /** Mount tag (virtio-fs: at most 36 bytes). */
  tag: string;
  /** The QEMU binary; null: qemu-system-x86_64 on PATH. */
  qemuPath: string | null;
  /**
   * The Debian kernel package the guest boots (`linux-image-6.12.95+deb12-amd64`), or a suite whose
   * current kernel to take (`bookworm-backports`, `trixie`); null: the default (see pickKernelPackage).
   */
  guestKernel: string | null;
}

export interface VirtiofsEnvSpec extends GuestOptions {
  name: string;
  kind: 'virtiofs';
  /** Which virtiofsd; null: the Rust one when found, else the C one. */
  daemon: 'c' | 'rust' | null;
  /** The daemon's cache policy (C: none|auto|always, Rust: never|metadata|auto|always; none and never are one policy). */
  cache: VirtiofsCacheMode;
  /** DAX window size in bytes; null: no DAX. */
  daxWindowBytes: number | null;
  /** Worker threads per queue; null: the daemon's default (C 64, Rust 0 = no pool). */
  threadPoolSize: number | null;
  xattr: boolean;
  /** Honour the guest's O_DIRECT (both daemons ignore it by default, so fio direct=1 would measure the host page cache). */
  allowDirectIo: boolean;
  /** Rust only: shared mmap under cache never/metadata (`--allow-mmap`; needs a guest kernel >= 6.6). */
  allowMmap: boolean;
  /** Rust only: `--inode-file-handles`; null: the daemon's default (never). */
  inodeFileHandles: 'never' | 'prefer' | 'mandatory' | null;
}

export interface NinepEnvSpec extends GuestOptions {
  name: string;
  kind: '9p';
  /** readahead is Linux >= 6.4's; fscache needs a cachefilesd the guest does not run. */
  cache: NinepCacheMode;
  /** 9p msize, bytes. */
  msize: number;
}

export type EnvSpec = HostEnvSpec | VirtiofsEnvSpec | NinepEnvSpec;

/** Where environments keep their files. */
export interface EnvContext {
  /** Parent of the dedicated scratch directories (`<scratchRoot>/<env>`). */
  scratchRoot: string;
  /** Cache for built artifacts such as the guest image. */
  cacheDir: string;
}

/** The spec with its accelerator replaced (`sharebench run --accel`); host specs and null pass unchanged. */
export function withAccel(spec: EnvSpec, accel: GuestOptions['accel'] | null): EnvSpec {
  return accel === null || spec.kind === 'host' ? spec : { ...spec, accel };
}
