import type { MetaWorkload, RunJob, TreeOp, TreeSpec } from '@sharebench/core';
import type { EnvSpec } from '@sharebench/provision';

/** Run order of a campaign's runs inside each environment (one boot per environment). */
export const RunOrder = { sequential: 'sequential', interleaved: 'interleaved', shuffled: 'shuffled' } as const;
export type RunOrder = (typeof RunOrder)[keyof typeof RunOrder];

/** One fio job of the matrix that moves data, normalized: everything in base units. */
export interface IoJobSpec extends RunJob {
  kind: 'io';
  /** fio `rw=` */
  rw: string;
  timeBased: boolean;
  direct: boolean;
  rwmixread: number;
  /** Extra fio options, `--opt=value` strings, appended as given. */
  extra: string[];
}

/**
 * A fio metadata job: the engine (filecreate, filestat, filedelete) creates, stats or deletes
 * `nrfiles` files of `filesize_bytes` per fio job, one operation per file, in its own workdir.
 */
export interface MetaJobSpec extends RunJob {
  kind: 'meta';
  workload: MetaWorkload;
  nrfiles: number;
  filesize_bytes: number;
  extra: string[];
}

/** A tree operation (`tree-<op>`) on the campaign's generated file tree, timed without fio. */
export interface TreeJobSpec extends RunJob {
  kind: 'tree';
  workload: TreeOp;
  tree: TreeSpec;
}

/** One job of a campaign, normalized. */
export type JobSpec = IoJobSpec | MetaJobSpec | TreeJobSpec;

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
