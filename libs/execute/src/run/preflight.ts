import { statfs, mkdir } from 'node:fs/promises';
import os from 'node:os';
import { humanBytes, InputError } from '@sharebench/core';
import type { Plan } from '../plan/build-plan.js';

/**
 * Refuses, before anything runs, a plan this machine cannot hold: a guest larger than the host's
 * memory, or test files larger than the scratch filesystem's free space (files are removed after
 * each environment, so the largest environment's files must fit).
 */
export async function preflight(plan: Plan, scratchRoot: string): Promise<void> {
  const hostMemory = os.totalmem();
  for (const env of plan.envs) {
    if (env.kind !== 'host' && env.memoryBytes > hostMemory * 0.9) {
      throw new InputError(
        `${plan.campaign.file}: env ${env.name} wants a ${humanBytes(env.memoryBytes)} guest, but this machine has ${humanBytes(hostMemory)} of memory; lower "memory" (or guest.memory), skip it with --env, or run on bigger hardware`,
      );
    }
  }
  const needed = Math.max(0, ...plan.runs.map((r) => r.job.size_bytes * r.job.numjobs));
  await mkdir(scratchRoot, { recursive: true });
  const fs = await statfs(scratchRoot);
  const free = fs.bavail * fs.bsize;
  if (needed * 1.05 > free) {
    throw new InputError(
      `${plan.campaign.file}: the largest job needs ${humanBytes(needed)} of test files in ${scratchRoot}, which has ${humanBytes(free)} free; free some space, point "scratch" at a bigger filesystem, or shrink with --size`,
    );
  }
}
