// INTERIM: the `slurm` branch owns this file (hostId, bootId, hostFingerprint, schedulerProvenance,
// shardFromScheduler). This is the smallest version of that interface the shard branch builds on;
// on merging `slurm`, take its file and drop this one.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { isSafeName } from '@sharebench/core';

/** The environment variable that names this host in datasets and locks (cloned machines need one each). */
export const HOST_ID_ENV = 'SHAREBENCH_HOST_ID';

const readTrimmed = (path: string): string | null => {
  try {
    return readFileSync(path, 'utf8').trim() || null;
  } catch {
    return null;
  }
};

/** `$SHAREBENCH_HOST_ID` when set and safe, else a short hash of /etc/machine-id, the hostname and the DMI product UUID. */
export function hostId(env: NodeJS.ProcessEnv = process.env): string {
  const given = env[HOST_ID_ENV];
  if (given !== undefined && given !== '') {
    if (!isSafeName(given)) throw new Error(`${HOST_ID_ENV}=${JSON.stringify(given)} is not a safe name; use letters, digits, '.', '_' and '-'`);
    return given;
  }
  const parts = [readTrimmed('/etc/machine-id'), os.hostname(), readTrimmed('/sys/class/dmi/id/product_uuid')];
  return `h-${createHash('sha256').update(parts.map((p) => p ?? '').join('\n')).digest('hex').slice(0, 12)}`;
}

/** /proc/sys/kernel/random/boot_id: the same for every process of one boot of one machine; null without /proc. */
export function bootId(): string | null {
  return readTrimmed('/proc/sys/kernel/random/boot_id');
}

/** What a host is made of, to tell machines with one host_id apart. */
export interface HostFingerprint {
  cpu_model: string | null;
  cpus: number;
  memory_bytes: number;
  kernel: string;
  arch: string;
  tools: Record<string, string | null>;
}

export function hostFingerprint(options: { shareDir?: string; tools?: Record<string, string | null> } = {}): HostFingerprint {
  const cpus = os.cpus();
  return { cpu_model: cpus[0]?.model ?? null, cpus: cpus.length, memory_bytes: os.totalmem(), kernel: os.release(), arch: os.arch(), tools: options.tools ?? {} };
}

/** Who scheduled this process, as its environment says. */
export interface SchedulerProvenance {
  scheduler: 'slurm' | 'github' | 'gitlab' | 'kubernetes' | null;
  job_id: string | null;
  array_job_id: string | null;
  array_task_id: string | null;
  array_task_count: string | null;
  node: string | null;
  completion_index: string | null;
  node_index: string | null;
  node_total: string | null;
}

export function schedulerProvenance(env: NodeJS.ProcessEnv = process.env): SchedulerProvenance {
  const v = (k: string) => (env[k] === undefined || env[k] === '' ? null : env[k]!);
  const base = {
    job_id: null,
    array_job_id: null,
    array_task_id: null,
    array_task_count: null,
    node: null,
    completion_index: null,
    node_index: null,
    node_total: null,
  };
  if (v('SLURM_JOB_ID')) {
    return {
      ...base,
      scheduler: 'slurm',
      job_id: v('SLURM_JOB_ID'),
      array_job_id: v('SLURM_ARRAY_JOB_ID'),
      array_task_id: v('SLURM_ARRAY_TASK_ID'),
      array_task_count: v('SLURM_ARRAY_TASK_COUNT'),
      node: v('SLURMD_NODENAME'),
    };
  }
  if (v('GITLAB_CI')) return { ...base, scheduler: 'gitlab', job_id: v('CI_JOB_ID'), node_index: v('CI_NODE_INDEX'), node_total: v('CI_NODE_TOTAL') };
  if (v('GITHUB_ACTIONS')) return { ...base, scheduler: 'github', job_id: v('GITHUB_RUN_ID'), node: v('RUNNER_NAME') };
  if (v('JOB_COMPLETION_INDEX')) return { ...base, scheduler: 'kubernetes', completion_index: v('JOB_COMPLETION_INDEX') };
  return { ...base, scheduler: null };
}

/** `--shard auto`: the shard the scheduler gives this process (0-based index and count), or null. */
export function shardFromScheduler(p: SchedulerProvenance): { index: number; count: number } | null {
  const int = (s: string | null) => (s !== null && /^\d+$/.test(s) ? Number(s) : null);
  if (p.scheduler === 'slurm') {
    const index = int(p.array_task_id);
    const count = int(p.array_task_count);
    return index !== null && count !== null ? { index, count } : null;
  }
  if (p.scheduler === 'gitlab') {
    const index = int(p.node_index);
    const count = int(p.node_total);
    return index !== null && index >= 1 && count !== null ? { index: index - 1, count } : null;
  }
  return null;
}
