import type { RunJob } from '@sharebench/core';
import type { EnvSpec } from '@sharebench/provision';

/** Run order of a campaign's runs inside each environment (one boot per environment). */
export const RunOrder = { sequential: 'sequential', interleaved: 'interleaved', shuffled: 'shuffled' } as const;
export type RunOrder = (typeof RunOrder)[keyof typeof RunOrder];

/** One fio job of the matrix, normalized: everything in base units. */
export interface JobSpec extends RunJob {
  /** fio `rw=` */
  rw: string;
  timeBased: boolean;
  direct: boolean;
  rwmixread: number;
  /** Extra fio options, `--opt=value` strings, appended as given. */
  extra: string[];
}

/** A campaign after normalizeCampaign(): strict, explicit, base units. Only this type flows on. */
export interface Campaign {
  name: string;
  description: string;
  /** The campaign file it came from. */
  file: string;
  envs: EnvSpec[];
  jobs: JobSpec[];
  /** `env/job` pairs excluded from the matrix (already applied to `cells`). */
  cells: Array<{ env: string; job: string }>;
  repeats: number;
  order: RunOrder;
  /** Seed of the shuffled order; recorded so the order can be reproduced. */
  seed: number;
  /** Per-run limit (layout + run), ms. */
  timeoutMs: number;
  /** Parent of the environments' dedicated scratch directories; null: `<dataset>/scratch`. */
  scratchDir: string | null;
}
