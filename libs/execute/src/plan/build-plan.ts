import { globToRegExp } from '../glob.js';
import { InputError, runKey, seededRandom } from '@sharebench/core';
import type { EnvSpec } from '@sharebench/provision';
import { maxRepeats, type Campaign, type JobSpec } from '../campaign/types.js';
import { message } from '../messages.js';

export interface PlannedRun {
  /** Position in the whole campaign's execution order, 0-based. */
  order: number;
  env: string;
  job: JobSpec;
  repeat: number;
  /** `<env>/<job>/r<repeat>` */
  id: string;
}

export interface Plan {
  campaign: Campaign;
  /** Environments in execution order, each booted once. */
  envs: EnvSpec[];
  runs: PlannedRun[];
  cells: number;
}

export interface Selection {
  envs?: string[];
  jobs?: string[];
}

function shuffle<T>(xs: T[], rand: () => number): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}


/**
 * Orders a campaign's runs (adaptive repeats: up to `max` of each cell; execution stops a cell
 * once it has converged). Each environment boots once, so the order applies inside it:
 * `sequential` runs every repeat of a job before the next job, `interleaved` runs repeat r of
 * every job before repeat r+1, `shuffled` permutes jobs x repeats and the env order with the
 * campaign's seed.
 */
export function buildPlan(campaign: Campaign, selection: Selection = {}): Plan {
  const envNames = campaign.envs.map((e) => e.name);
  for (const e of selection.envs ?? []) {
    if (!envNames.includes(e)) throw new InputError(message.noSuchEnv(e, campaign.file, envNames));
  }
  const jobPatterns = (selection.jobs ?? []).map((p) => {
    const re = globToRegExp(p);
    if (!campaign.jobs.some((j) => re.test(j.name))) {
      throw new InputError(message.noSuchJob(p, campaign.file, campaign.jobs.map((j) => j.name)));
    }
    return re;
  });
  const rand = seededRandom(campaign.seed);
  let envs = campaign.envs.filter((e) => !selection.envs || selection.envs.includes(e.name));
  if (campaign.order === 'shuffled') envs = shuffle(envs, rand);
  const runs: PlannedRun[] = [];
  let cells = 0;
  for (const env of envs) {
    const jobs = campaign.jobs.filter(
      (j) => campaign.cells.some((c) => c.env === env.name && c.job === j.name) && (jobPatterns.length === 0 || jobPatterns.some((re) => re.test(j.name))),
    );
    cells += jobs.length;
    const repeats = Array.from({ length: maxRepeats(campaign.repeats) }, (_, i) => i + 1);
    let pairs: Array<[JobSpec, number]>;
    if (campaign.order === 'sequential') pairs = jobs.flatMap((j) => repeats.map((r): [JobSpec, number] => [j, r]));
    else if (campaign.order === 'interleaved') pairs = repeats.flatMap((r) => jobs.map((j): [JobSpec, number] => [j, r]));
    else pairs = shuffle(jobs.flatMap((j) => repeats.map((r): [JobSpec, number] => [j, r])), rand);
    for (const [job, repeat] of pairs) {
      runs.push({ order: runs.length, env: env.name, job, repeat, id: runKey(env.name, job.name, repeat) });
    }
  }
  // An env without runs is still in the plan when the semantics probe is to run on it.
  return { campaign, envs: envs.filter((e) => campaign.semantics || runs.some((r) => r.env === e.name)), runs, cells };
}
