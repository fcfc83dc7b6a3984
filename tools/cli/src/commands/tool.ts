import { join } from 'node:path';
import { toolProvenance } from '@sharebench/core';
import { cliRoot, cliVersion } from '../cli-package.js';

/** The tool's version and the checkout's git commit, for context.json. */
export function tool(): { version: string; git_commit: string | null } {
  return toolProvenance(cliVersion(), join(cliRoot(), '..', '..'));
}
