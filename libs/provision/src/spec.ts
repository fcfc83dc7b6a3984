import { type AccelRequest } from '@sharebench/core';
import type { NinepCacheMode, VirtiofsCacheMode } from '@sharebench/core';
import type { QemuPackageRequest } from '@sharebench/guest-image';

/**
 * Normalized environment specs: what a campaign's `envs[]` entries become after validation
 * (execute's normalizeCampaign). Sizes are bytes, everything explicit.
 */

/**
 * How QEMU's 9p server stores what the guest sets on files. `mapped-xattr` (the default): files
 * are created with QEMU's own credentials and safe modes, and the guest's owners, modes, device
 * nodes and symlinks live in `user.virtfs.*` xattrs, so nothing the guest's root does takes effect
 * on the host. `none`: they are applied for real (QEMU runs as root), as the seed measured; see docs/shares.md.
 */
export const NINEP_SECURITY_MODELS = ['mapped-xattr', 'none'] as const;
export type NinepSecurityModel = (typeof NINEP_SECURITY_MODELS)[number];

/**
 * How virtiofsd confines itself to the share: `namespace` (the default of both daemons: mount, pid
 * and net namespaces, pivot_root into the share), `chroot`, or `none` (the Rust daemon only, and
 * only when a campaign asks for it).
 */
export const VIRTIOFS_SANDBOXES = ['namespace', 'chroot', 'none'] as const;
export type VirtiofsSandbox = (typeof VIRTIOFS_SANDBOXES)[number];

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
  /** The QEMU binary; null: qemuPackage's, else qemu-system-x86_64 on PATH. */
  qemuPath: string | null;
  /**
   * A QEMU from Debian packages instead of the host's: a suite's current one (`bookworm-backports`,
   * `trixie`) or a qemu-system-x86 version, unpacked into the cache on first use (obtainDebianQemu).
   */
  qemuPackage: QemuPackageRequest | null;
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
  /** The daemon's sandbox, passed explicitly (`--sandbox=`, C: `-o sandbox=`). */
  sandbox: VirtiofsSandbox;
}

export interface NinepEnvSpec extends GuestOptions {
  name: string;
  kind: '9p';
  /** readahead is Linux >= 6.4's; fscache needs a cachefilesd the guest does not run. */
  cache: NinepCacheMode;
  /** 9p msize, bytes. */
  msize: number;
  /** QEMU's `-fsdev local,security_model=`. */
  securityModel: NinepSecurityModel;
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
