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
  accel: 'auto' | 'kvm' | 'tcg';
  /** Directory shared with the guest; null: a dedicated scratch directory sharebench creates. */
  sharedDir: string | null;
  /** Mount tag (virtio-fs: at most 36 bytes). */
  tag: string;
}

export interface VirtiofsEnvSpec extends GuestOptions {
  name: string;
  kind: 'virtiofs';
  cache: 'none' | 'auto' | 'always';
  /** DAX window size in bytes; null: no DAX. */
  daxWindowBytes: number | null;
  threadPoolSize: number | null;
  xattr: boolean;
}

export interface NinepEnvSpec extends GuestOptions {
  name: string;
  kind: '9p';
  cache: 'none' | 'mmap' | 'loose';
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
