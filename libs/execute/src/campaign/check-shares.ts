import { InputError } from '@sharebench/core';
import { shareDirOf, shareDirProblem } from '@sharebench/provision';
import type { Campaign } from './types.js';
import { message } from '../messages.js';

/**
 * Refuses, with an InputError (exit 2) naming the campaign key, a campaign whose environments would
 * share a directory that must not be shared (see provision's shareDirProblem): judged on this host
 * before anything is created. `envs[i].shared_dir` and `envs[i].dir` must be empty, or carry
 * sharebench's marker, and lie outside the system trees and the homes; so must `<scratch>/<env>`
 * for the others when the campaign names its `scratch`, which itself must lie outside the system
 * trees. `datasetScratch`: the dataset's own scratch root (`<dataset>/scratch`), whose directories
 * sharebench makes itself (their contents are not judged); null when the dataset is not known yet.
 */
export async function checkShares(campaign: Campaign, datasetScratch: string | null): Promise<void> {
  const refuse = (key: string, problem: string): never => {
    throw new InputError(message.atKey(campaign.file, key, problem));
  };
  if (campaign.scratchDir !== null) {
    const parent = await shareDirProblem(campaign.scratchDir, { env: '', contents: false, role: 'parent' });
    if (parent.problem) refuse('scratch', parent.problem);
  }
  const scratchRoot = campaign.scratchDir ?? datasetScratch;
  for (const [i, spec] of campaign.envs.entries()) {
    const named = spec.kind === 'host' ? spec.dir : spec.sharedDir;
    if (named === null && scratchRoot === null) continue;
    const { dir } = shareDirOf(spec, scratchRoot ?? '');
    const key = named !== null ? `envs[${i}].${spec.kind === 'host' ? 'dir' : 'shared_dir'}` : campaign.scratchDir !== null ? 'scratch' : null;
    const verdict = await shareDirProblem(dir, { env: spec.name, contents: key !== null });
    if (verdict.problem) refuse(key ?? message.shareInDatasetScratch(i, spec.name), verdict.problem);
  }
}
