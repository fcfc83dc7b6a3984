import type { EnvContext, EnvSpec } from './spec.js';
import type { Environment } from './types.js';
import { createHostEnvironment } from './host/host-environment.js';
import { createVirtiofsEnvironment } from './virtiofs.js';
import { createNinepEnvironment } from './ninep.js';

/** The environment for a normalized spec. */
export function createEnvironment(spec: EnvSpec, ctx: EnvContext): Environment {
  switch (spec.kind) {
    case 'host':
      return createHostEnvironment(spec, ctx);
    case 'virtiofs':
      return createVirtiofsEnvironment(spec, ctx);
    case '9p':
      return createNinepEnvironment(spec, ctx);
  }
}
