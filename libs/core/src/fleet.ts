/**
 * What a dataset records of the machines and the scheduler behind it, and of the shards and merges
 * it takes part in (docs/scale-out.md): the types context.json holds beside its other provenance.
 */

/** How several hosts' datasets of one campaign fit together. */
export const FleetMode = {
  /** One study split over (identical) hosts by job block: every run once, on one of them. */
  shard: 'shard',
  /** Every host runs the whole campaign: the host is a factor to compare. */
  replicate: 'replicate',
} as const;
export type FleetMode = (typeof FleetMode)[keyof typeof FleetMode];
export const isFleetMode = (v: unknown): v is FleetMode => typeof v === 'string' && Object.hasOwn(FleetMode, v);

/** How a plan is cut into shards: `job`, every configuration and repeat of one job in one shard. */
export const SHARD_BY = 'job';

/** `run --shard i/n`: this dataset holds shard `index` (0-based) of `count`. */
export interface ShardRecord {
  index: number;
  count: number;
  by: typeof SHARD_BY;
  /** The job blocks of this shard (job names), in the campaign's order. */
  blocks: string[];
  /** The whole campaign's plan, for a merge to tell a missing shard: its runs and job blocks. */
  plan_runs: number;
  plan_blocks: number;
}

/** Who scheduled a run of sharebench, as the environment said (SLURM_*, GitHub, GitLab, JOB_COMPLETION_INDEX). */
export interface SchedulerRecord {
  scheduler: string | null;
  [key: string]: string | number | null;
}

/** One machine that ran runs of a dataset, as its invocations of `run` saw it. */
export interface HostRecord {
  /** `$SHAREBENCH_HOST_ID`, else a hash of /etc/machine-id, the hostname and the DMI product UUID. */
  host_id: string;
  hostname: string;
  /** What the machine is made of (CPU, memory, kernel, the share's filesystem, tools). */
  fingerprint: Record<string, unknown>;
  /** sha256 of the fingerprint's canonical JSON: two of them for one host_id are two machines (or one changed). */
  fingerprint_sha256: string;
  /** /proc/sys/kernel/random/boot_id of each invocation's boot. */
  boot_ids: string[];
  /** Each distinct scheduler provenance it ran under. */
  schedulers: SchedulerRecord[];
  first_seen_at: string;
  last_seen_at: string;
}

/** One dataset a merge read. */
export interface MergeInput {
  /** The input, relative to the merged dataset (how its raw/ is found), and as given. */
  path: string;
  given: string;
  campaign_hash: string;
  /** The shard it holds (shard mode), else null. */
  shard: number | null;
  /** The hosts that ran its runs. */
  host_ids: string[];
  /** sha256 of its context.json as read. */
  context_sha256: string;
  /** Its run.json files (finished runs) and their state counts. */
  runs: number;
  /** Why it is incomplete (missing or failed runs), or null. */
  problem: string | null;
}

/** `sharebench merge`: a dataset whose raw/ are the inputs' (referenced, not copied). */
export interface MergeRecord {
  mode: FleetMode;
  merged_at: string;
  inputs: MergeInput[];
  /** Shard mode: the shards not given (0-based). */
  missing_shards: number[];
}
