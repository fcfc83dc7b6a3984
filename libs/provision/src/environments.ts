import { CacheMode, FsKind } from '@sharebench/core';
import type { EnvContext, EnvSpec } from './spec.js';
import type { Environment } from './types.js';
import { createHostEnvironment } from './host/host-environment.js';

/** The environment for a normalized spec. */
export function createEnvironment(spec: EnvSpec, ctx: EnvContext): Environment {
  switch (spec.kind) {
    case 'host':
      return createHostEnvironment(spec, ctx);
    case 'virtiofs':
    case '9p':
      return notYet(spec);
  }
}

function notYet(spec: Exclude<EnvSpec, { kind: 'host' }>): Environment {
  return {
    meta: {
      env: spec.name,
      fs: spec.kind === 'virtiofs' ? FsKind.virtiofs : FsKind.ninep,
      cache: spec.cache as CacheMode,
      dax: spec.kind === 'virtiofs' && spec.daxWindowBytes !== null,
      numa: spec.numa,
    },
    kind: spec.kind,
    async unsupportedReason() {
      return `${spec.kind} guests are not implemented yet`;
    },
    async open() {
      throw new Error(`${spec.kind} guests are not implemented yet`);
    },
  };
}
