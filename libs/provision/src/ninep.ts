import type { EnvMeta } from '@sharebench/core';
import type { EnvContext, NinepEnvSpec } from './spec.js';
import type { Environment, OpenOptions } from './types.js';
import { assertEnvSpec } from './spec-problems.js';
import { guestUnsupportedReason, openGuest, type GuestEnvOptions, type ShareSetup } from './guest/open-guest.js';

/**
 * A virtio-9p environment: QEMU's own 9p server (`-fsdev local,security_model=<spec.securityModel>`) exports a
 * dedicated scratch directory (`spec.sharedDir`, or `<ctx.scratchRoot>/<spec.name>`), the guest
 * mounts it with `trans=virtio,version=9p2000.L,cache=<spec.cache>,msize=<spec.msize>` and every
 * run executes fio inside the guest on that mount. Throws an InputError right away for a spec that
 * can never work (bad name, tag, size or msize).
 */
export function createNinepEnvironment(spec: NinepEnvSpec, ctx: EnvContext, options: GuestEnvOptions = {}): Environment {
  assertEnvSpec(spec);
  const meta: EnvMeta = { name: spec.name, fs: '9p', cache: spec.cache, dax: false, numa: spec.numa };
  const unsupportedReason = () => guestUnsupportedReason(spec, ctx, options);
  const setupShare = async ({ sharedDir }: { sharedDir: string }): Promise<ShareSetup> => ({
    kind: '9p',
    share: { kind: '9p', path: sharedDir, tag: spec.tag, securityModel: spec.securityModel },
    mountOptions: `trans=virtio,version=9p2000.L,cache=${spec.cache},msize=${spec.msize}`,
    expectedMount: { fs: '9p', tag: options.testing?.guestTag ?? spec.tag, cache: spec.cache, msize: spec.msize },
    daemon: null,
    record: { kind: '9p', cache: spec.cache, msize: spec.msize, security_model: spec.securityModel },
  });
  return {
    meta,
    kind: '9p',
    unsupportedReason,
    open: (open: OpenOptions) => openGuest({ name: spec.name, spec, ctx, options, unsupportedReason, setupShare }, open),
  };
}
