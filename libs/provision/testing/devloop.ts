import { devloopCounts, type DevloopOp, type DevloopSpec } from '@sharebench/core';

/** What each operation handles, by the spec (the kit test checks these against git and tar). */
export function expectedEntries(spec: DevloopSpec): Record<DevloopOp, number> {
  const c = devloopCounts(spec);
  return {
    'git-status-cold': c.repoFiles,
    'git-status-warm': c.repoFiles,
    'git-diff': c.repoFiles,
    'git-checkout': c.checkoutFiles,
    'git-commit': c.commitPaths,
    'npm-install': c.installFiles,
    'npm-rm': c.modulesEntries,
    'sqlite-insert': c.rows,
  };
}
