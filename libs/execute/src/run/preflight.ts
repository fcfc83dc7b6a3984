import { statfs, mkdir } from 'node:fs/promises';
import { humanBytes, InputError } from '@sharebench/core';
import type { Plan } from '../plan/build-plan.js';
import { message } from '../messages.js';

/**
 * Refuses, before anything runs, a plan whose test files are larger than the scratch
 * filesystem's free space (files are removed after each environment, so the largest
 * environment's files must fit). A guest too big for this machine is not refused here: its
 * environment reports itself unsupported, with the reason.
 */
export async function preflight(plan: Plan, scratchRoot: string): Promise<void> {
  const needed = Math.max(0, ...plan.runs.map((r) => r.job.size_bytes * r.job.numjobs));
  await mkdir(scratchRoot, { recursive: true });
  const fs = await statfs(scratchRoot);
  const free = fs.bavail * fs.bsize;
  if (needed * 1.05 > free) {
    throw new InputError(message.scratchTooSmall(plan.campaign.file, humanBytes(needed), scratchRoot, humanBytes(free)));
  }
}
