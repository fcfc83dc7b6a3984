import type { DevloopOp, DevloopSpec, FleetMode, MetaWorkload, RunJob, TreeOp, TreeSpec } from '@sharebench/core';
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
 * Repeats that adapt (as the Phoronix Test Suite and pbench do): a cell is repeated until the
 * coefficient of variation of its primary metric (bw_bytes summed over the run's directions)
 * falls under `cv`, at least `min` and at most `max` times.
 */
export interface AdaptiveRepeats {
  min: number;
  max: number;
  /** Target coefficient of variation (sample sd / mean), e.g. 0.05. */
  cv: number;
}

/** `repeats`: a fixed number of runs per cell, or adaptive. */
export type Repeats = number | AdaptiveRepeats;

/** The runs a cell may take: the fixed number, or an adaptive rule's `max` (what plans and estimates use). */
export const maxRepeats = (r: Repeats): number => (typeof r === 'number' ? r : r.max);

/** The adaptive rule, or null for a fixed number of repeats. */
export const adaptiveRule = (r: Repeats): AdaptiveRepeats | null => (typeof r === 'number' ? null : r);

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
  /**
   * `fio.min_elapsed`: a run timed for less lays out more files (nrfiles times a scale) and runs
   * again, until its fio runtime reaches this, so the figure is the machine's and not the
   * millisecond clock's; the scale is kept for the cell's later repeats and recorded (work_scale).
   */
  min_elapsed_ms?: number;
}

/** A tree operation (`tree-<op>`) on the campaign's generated file tree, timed without fio. */
export interface TreeJobSpec extends RunJob {
  kind: 'tree';
  workload: TreeOp;
  tree: TreeSpec;
  /**
   * `tree.min_elapsed`: the operation is repeated within the run (its untimed preparation and the
   * cache drops before each) until the timed parts add up to this; their times are summed and
   * the repetitions recorded (work_scale).
   */
  min_elapsed_ms?: number;
}

/** A developer-loop operation (the job's name) on the campaign's generated workspace, timed with the real tools. */
export interface DevloopJobSpec extends RunJob {
  kind: 'devloop';
  workload: DevloopOp;
  devloop: DevloopSpec;
}

/** One job of a campaign, normalized. */
export type JobSpec = IoJobSpec | MetaJobSpec | TreeJobSpec | DevloopJobSpec;

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
  /** Runs per cell: a number, or adaptive (plans hold `max`; execution may stop a cell earlier). */
  repeats: Repeats;
  order: RunOrder;
  /** Seed of the shuffled order; recorded so the order can be reproduced. */
  seed: number;
  /** Per-run limit (layout + run), ms. */
  timeoutMs: number;
  /** Parent of the environments' dedicated scratch directories; null: `<dataset>/scratch`. */
  scratchDir: string | null;
  /** Run the semantics probe once per environment ("what works where"); not part of what the runs measure. */
  semantics: boolean;
  /** What the user should know about the file but that is not an error (deprecated keys), one line each. */
  notes: string[];
  /** `mode`: how `sharebench merge` puts several hosts' datasets of it together (shard or replicate); null: not said. */
  mode: FleetMode | null;
}
