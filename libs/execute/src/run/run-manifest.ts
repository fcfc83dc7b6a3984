import { NO_STACK, RUN_MANIFEST_SCHEMA, type RunJob, type RunManifest, type RunState } from '@sharebench/core';
import type { Environment, EnvSpec } from '@sharebench/provision';
import type { Campaign } from '../campaign/types.js';
import type { PlannedRun } from '../plan/build-plan.js';

/**
 * The job part of a run.json: what was measured, in base units. An I/O job's is as it was before
 * job kinds (no `kind`), so plans recorded before them still read as unchanged.
 */
export function manifestJob(r: PlannedRun): RunJob {
  const j = r.job;
  const common = {
    name: j.name,
    workload: j.workload,
    ioengine: j.ioengine,
    numjobs: j.numjobs,
    blocksize_bytes: j.blocksize_bytes,
    iodepth: j.iodepth,
    size_bytes: j.size_bytes,
    runtime_ms: j.runtime_ms,
  };
  switch (j.kind) {
    case 'io':
      return { ...common, direct: j.direct };
    case 'meta':
      return { ...common, kind: j.kind, nrfiles: j.nrfiles, filesize_bytes: j.filesize_bytes };
    case 'tree':
      return { ...common, kind: j.kind, tree: j.tree };
    case 'devloop':
      return { ...common, kind: j.kind, devloop: j.devloop };
  }
}

/** A run.json for one run of a campaign: identity first, then what `extra` says about the outcome. */
export function manifest(
  campaign: Campaign,
  hash: string,
  env: Environment,
  spec: EnvSpec,
  run: PlannedRun,
  order: number,
  state: RunState,
  reason: string | null,
  extra: Partial<RunManifest>,
): RunManifest {
  const now = new Date().toISOString();
  return {
    schema: RUN_MANIFEST_SCHEMA,
    campaign: campaign.name,
    campaign_hash: hash,
    env: { ...env.meta, kind: spec.kind },
    job: manifestJob(run),
    repeat: run.repeat,
    order,
    state,
    reason,
    exit_code: null,
    command: [],
    duration_ms: null,
    prepare_ms: null,
    started_at: now,
    finished_at: now,
    stdout_file: null,
    stderr_file: null,
    ...NO_STACK,
    kernel: null,
    host_conditions: null,
    host_id: null,
    boot_id: null,
    shard: null,
    work_scale: null,
    ...extra,
  };
}

