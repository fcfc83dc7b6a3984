import { mkdir, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError, assertSafeName } from '@sharebench/core';
import { shareDirProblem } from '../share/share-dir-problem.js';

/**
 * Resolves and creates the directory shared with a guest: `explicit` when given, else
 * `<scratchRoot>/<envName>`. The guest (and fio's layout) writes into it, so it must be a
 * dedicated directory: `/`, the system trees, the homes and their ancestors are refused with an
 * InputError (shareDirProblem), before anything is created and again once it exists (a symlink
 * swapped in between is caught). What is in it is the campaign's to judge (execute marks the
 * directories it uses). Returns the real path.
 */
export async function prepareSharedDir(explicit: string | null, scratchRoot: string, envName: string): Promise<string> {
  const wanted = explicit ?? join(scratchRoot, assertSafeName(envName, 'environment name'));
  const before = await shareDirProblem(wanted, { env: envName, contents: false });
  if (before.problem) throw new InputError(before.problem);
  await mkdir(before.path, { recursive: true });
  const real = await realpath(before.path);
  const after = real === before.resolved ? before : await shareDirProblem(real, { env: envName, contents: false });
  if (after.problem) throw new InputError(after.problem);
  return real;
}
