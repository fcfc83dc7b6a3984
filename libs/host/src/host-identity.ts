/**
 * Which machine a dataset was measured on, and under which scheduler.
 *
 * Machines cloned from one image share their hostname and /etc/machine-id (this machine kind:
 * hostname `vm`, machine-id baked into the image), so neither tells hosts apart alone:
 * - hostId(): a stable name for a host: SHAREBENCH_HOST_ID when set, else the hostname and a short
 *   hash of machine-id + hostname + DMI product UUID (where readable);
 * - bootId(): changes at every boot; with the host id it tells a stale lock from a live one;
 * - hostFingerprint(): what the host is (CPU, memory, kernel, the share's filesystem and device,
 *   tool versions); it tells cloned hosts apart in a merge;
 * - schedulerProvenance() / shardFromScheduler(): what Slurm, GitHub Actions, GitLab CI or a
 *   Kubernetes Indexed Job say about this job, and the shard they imply.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import os from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { message } from './messages.js';

// ---------------------------------------------------------------------------------------------
// Host id

/** What a host id is derived from; null where the file is missing or unreadable. */
export interface HostIdSources {
  /** SHAREBENCH_HOST_ID as set (undefined when unset or empty). */
  envHostId: string | undefined;
  hostname: string;
  /** /etc/machine-id (systemd), else /var/lib/dbus/machine-id. */
  machineId: string | null;
  /** /sys/class/dmi/id/product_uuid: readable by root only, absent without DMI (many VMs). */
  productUuid: string | null;
}

/**
 * A host id goes into paths (`host=<id>/`), Hive partition values and table cells: letters,
 * digits, '.', '_' and '-', starting with a letter or digit, at most 64 characters.
 */
export const HOST_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** A SHAREBENCH_HOST_ID that cannot be used; the message says what to set instead. */
export class HostIdError extends Error {
  override name = 'HostIdError';
}

/** How many hex digits of the SHA-256 a derived id keeps (48 bits: no collision in a lab's fleet). */
const HASH_HEX_DIGITS = 12;

/**
 * The host id from its sources (pure): SHAREBENCH_HOST_ID as given when set, else
 * `<hostname>-<12 hex digits>`, the digits from SHA-256 over "machine-id\nhostname\nproduct-uuid\n"
 * (a missing source as an empty line). The hostname part is lowercased and cut to 32 characters
 * of [a-z0-9-]; it is there for people, the hash is what tells hosts apart.
 * @throws HostIdError when SHAREBENCH_HOST_ID is set but does not match HOST_ID_PATTERN.
 */
export function deriveHostId(sources: HostIdSources): string {
  const given = sources.envHostId;
  if (given !== undefined && given !== '') {
    if (!HOST_ID_PATTERN.test(given)) {
      throw new HostIdError(message.hostIdUnusable(given));
    }
    return given;
  }
  const digest = createHash('sha256')
    .update(`${sources.machineId ?? ''}\n${sources.hostname}\n${sources.productUuid ?? ''}\n`)
    .digest('hex')
    .slice(0, HASH_HEX_DIGITS);
  const name = sources.hostname.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 32).replace(/-+$/, '');
  return `${name || 'host'}-${digest}`;
}

/** Reads the host id's sources from this machine and `env`. */
export function readHostIdSources(env: NodeJS.ProcessEnv = process.env): HostIdSources {
  return {
    envHostId: env['SHAREBENCH_HOST_ID'] || undefined,
    hostname: os.hostname(),
    machineId: readTrimmed('/etc/machine-id') ?? readTrimmed('/var/lib/dbus/machine-id'),
    productUuid: readTrimmed('/sys/class/dmi/id/product_uuid'),
  };
}

/**
 * This host's id (see deriveHostId).
 * @throws HostIdError when SHAREBENCH_HOST_ID is set to something unusable.
 */
export function hostId(env: NodeJS.ProcessEnv = process.env): string {
  return deriveHostId(readHostIdSources(env));
}

/** The kernel's id of the current boot (/proc/sys/kernel/random/boot_id); null where there is none (not Linux). */
export function bootId(): string | null {
  return readTrimmed('/proc/sys/kernel/random/boot_id');
}

// ---------------------------------------------------------------------------------------------
// Fingerprint

/** One line of /proc/<pid>/mountinfo (proc(5)). */
export interface MountinfoEntry {
  mountId: number;
  parentId: number;
  /** "major:minor" of the filesystem's device (st_dev). */
  device: string;
  /** The directory of the filesystem mounted here ("/" unless a bind mount of a subdirectory). */
  root: string;
  mountPoint: string;
  fsType: string;
  /** What was mounted: a device path, a server:/export, a virtiofs tag, or a word (tmpfs, overlay). */
  source: string;
}

/** Parses /proc/<pid>/mountinfo text; lines that are not one are skipped. */
export function parseMountinfo(text: string): MountinfoEntry[] {
  const out: MountinfoEntry[] = [];
  for (const line of text.split('\n')) {
    // "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue":
    // optional fields end at a lone '-'.
    const fields = line.split(' ');
    const dash = fields.indexOf('-', 6);
    if (fields.length < 10 || dash < 0 || fields.length < dash + 3) continue;
    const [mountId, parentId, device, root, mountPoint] = fields;
    out.push({
      mountId: Number(mountId),
      parentId: Number(parentId),
      device: device!,
      root: unescapeOctal(root!),
      mountPoint: unescapeOctal(mountPoint!),
      fsType: fields[dash + 1]!,
      source: unescapeOctal(fields[dash + 2]!),
    });
  }
  return out;
}

/**
 * The mount that holds `absPath` (already resolved, no symlinks): the longest mount point that is
 * `absPath` or one of its parents; of mounts stacked on one point, the last listed (the visible one).
 */
export function mountContaining(entries: readonly MountinfoEntry[], absPath: string): MountinfoEntry | null {
  let best: MountinfoEntry | null = null;
  for (const e of entries) {
    const inside = e.mountPoint === '/' || absPath === e.mountPoint || absPath.startsWith(`${e.mountPoint}/`);
    if (inside && (best === null || e.mountPoint.length >= best.mountPoint.length)) best = e;
  }
  return best;
}

/** mountinfo escapes space, tab, newline and backslash as \040, \011, \012, \134. */
function unescapeOctal(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

/** Where the share lives, as the kernel mounts it. */
export interface ShareMount {
  /** The share directory, resolved (symlinks followed; its nearest existing parent when it does not exist yet). */
  dir: string;
  mount_point: string;
  fs_type: string;
  /** "major:minor" of the filesystem's device. */
  device: string;
  source: string;
}

/** What a host is, beyond its id: two hosts with one id and different fingerprints are two machines. */
export interface HostFingerprint {
  host_id: string;
  boot_id: string | null;
  hostname: string;
  kernel_release: string;
  arch: string;
  cpu_model: string | null;
  cpu_count: number;
  memory_bytes: number;
  /** null when no share directory was given or /proc/self/mountinfo could not be read. */
  share: ShareMount | null;
  /** Tool versions as the caller found them (QEMU, fio, virtiofsd, ...); null where one is missing. */
  tools: Record<string, string | null>;
}

/**
 * This host's fingerprint: CPU model and count, memory, kernel release, the share directory's
 * filesystem type and device (from /proc/self/mountinfo), and the tool versions passed in.
 * @throws HostIdError when SHAREBENCH_HOST_ID is set to something unusable.
 */
export function hostFingerprint(options: { shareDir?: string; tools?: Record<string, string | null>; env?: NodeJS.ProcessEnv } = {}): HostFingerprint {
  const cpus = os.cpus();
  return {
    host_id: hostId(options.env),
    boot_id: bootId(),
    hostname: os.hostname(),
    kernel_release: os.release(),
    arch: os.arch(),
    cpu_model: cpus[0]?.model.trim() || null,
    cpu_count: cpus.length,
    memory_bytes: os.totalmem(),
    share: options.shareDir === undefined ? null : shareMount(options.shareDir),
    tools: { ...options.tools },
  };
}

function shareMount(shareDir: string): ShareMount | null {
  const text = readTrimmed('/proc/self/mountinfo');
  if (text === null) return null;
  const dir = existingRealpath(resolve(shareDir));
  const m = mountContaining(parseMountinfo(text), dir);
  return m && { dir, mount_point: m.mountPoint, fs_type: m.fsType, device: m.device, source: m.source };
}

/** realpath of `p`, or of its nearest existing parent joined with the rest (a share not created yet). */
function existingRealpath(p: string): string {
  let head = p;
  const rest: string[] = [];
  while (!existsSync(head) && dirname(head) !== head) {
    rest.unshift(basename(head));
    head = dirname(head);
  }
  return join(realpathSync(head), ...rest);
}

// ---------------------------------------------------------------------------------------------
// Scheduler provenance

/** The schedulers whose environment sharebench reads. */
export const Scheduler = { slurm: 'slurm', github: 'github', gitlab: 'gitlab', kubernetes: 'kubernetes' } as const;
export type Scheduler = (typeof Scheduler)[keyof typeof Scheduler];

export interface SlurmProvenance {
  scheduler: 'slurm';
  job_id: string;
  /** Set for a task of a job array (sbatch --array), else null. */
  array_job_id: string | null;
  array_task_id: number | null;
  /** How many tasks this submission has: a task resubmitted alone (--array=1) says 1. */
  array_task_count: number | null;
  array_task_min: number | null;
  array_task_max: number | null;
  node: string | null;
  cluster: string | null;
}

export interface GithubProvenance {
  scheduler: 'github';
  run_id: string;
  run_attempt: number | null;
  /** The job's id in the workflow (GITHUB_JOB): the same for every leg of a matrix. */
  job: string | null;
  runner_name: string | null;
  repository: string | null;
}

export interface GitlabProvenance {
  scheduler: 'gitlab';
  job_id: string;
  pipeline_id: string | null;
  /** 1-based, set with `parallel:`. */
  node_index: number | null;
  node_total: number | null;
  runner: string | null;
}

export interface KubernetesProvenance {
  scheduler: 'kubernetes';
  /** JOB_COMPLETION_INDEX of an Indexed Job (0-based); null in other pods. */
  completion_index: number | null;
  /** The pod's name (Kubernetes sets HOSTNAME to it). */
  pod: string | null;
}

/** What the scheduler running this process says about the job, tagged by scheduler; `{scheduler: null}` outside one. */
export type SchedulerProvenance = SlurmProvenance | GithubProvenance | GitlabProvenance | KubernetesProvenance | { scheduler: null };

/**
 * Reads the scheduler's environment variables (pure). Slurm first: a Slurm job started from a CI
 * runner inherits the runner's variables, and the innermost scheduler is the one that placed us;
 * then an Indexed Job's JOB_COMPLETION_INDEX, GitLab, GitHub, and any other pod last.
 */
export function schedulerProvenance(env: Readonly<Record<string, string | undefined>>): SchedulerProvenance {
  const s = (k: string) => (env[k] === undefined || env[k] === '' ? null : env[k]!);
  const n = (k: string) => {
    const v = s(k);
    return v !== null && /^\d+$/.test(v) ? Number(v) : null;
  };
  const slurmJob = s('SLURM_JOB_ID') ?? s('SLURM_JOBID');
  if (slurmJob !== null) {
    return {
      scheduler: 'slurm',
      job_id: slurmJob,
      array_job_id: s('SLURM_ARRAY_JOB_ID'),
      array_task_id: n('SLURM_ARRAY_TASK_ID'),
      array_task_count: n('SLURM_ARRAY_TASK_COUNT'),
      array_task_min: n('SLURM_ARRAY_TASK_MIN'),
      array_task_max: n('SLURM_ARRAY_TASK_MAX'),
      node: s('SLURMD_NODENAME'),
      cluster: s('SLURM_CLUSTER_NAME'),
    };
  }
  if (s('JOB_COMPLETION_INDEX') !== null) return { scheduler: 'kubernetes', completion_index: n('JOB_COMPLETION_INDEX'), pod: s('HOSTNAME') };
  if (s('GITLAB_CI') !== null && s('CI_JOB_ID') !== null) {
    return {
      scheduler: 'gitlab',
      job_id: s('CI_JOB_ID')!,
      pipeline_id: s('CI_PIPELINE_ID'),
      node_index: n('CI_NODE_INDEX'),
      node_total: n('CI_NODE_TOTAL'),
      runner: s('CI_RUNNER_DESCRIPTION') ?? s('CI_RUNNER_ID'),
    };
  }
  if (s('GITHUB_ACTIONS') !== null && s('GITHUB_RUN_ID') !== null) {
    return {
      scheduler: 'github',
      run_id: s('GITHUB_RUN_ID')!,
      run_attempt: n('GITHUB_RUN_ATTEMPT'),
      job: s('GITHUB_JOB'),
      runner_name: s('RUNNER_NAME'),
      repository: s('GITHUB_REPOSITORY'),
    };
  }
  // Last: CI runners themselves often run in pods (GitHub's Actions Runner Controller, GitLab's
  // Kubernetes executor), and those are the CI's jobs, not Kubernetes Jobs.
  if (s('KUBERNETES_SERVICE_HOST') !== null) return { scheduler: 'kubernetes', completion_index: null, pod: s('HOSTNAME') };
  return { scheduler: null };
}

/** The shard a scheduler implies for `--shard auto`, or why it implies none. */
export type SchedulerShard =
  | { status: 'derived'; index: number; count: number; from: string }
  | { status: 'unavailable'; reason: string };

/**
 * The shard (0-based index, count) a scheduler's job implies (pure): a Slurm array task whose
 * array is 0..COUNT-1, or a GitLab `parallel:` job (CI_NODE_INDEX is 1-based). Anything else is
 * unavailable with the reason: GitHub exposes the matrix index only to the workflow
 * (`strategy.job-index`), a Kubernetes Indexed Job's index comes without the completion count, and
 * a Slurm task resubmitted alone (`--array=1`) says COUNT=1, so the count must be given.
 */
export function shardFromScheduler(prov: SchedulerProvenance): SchedulerShard {
  switch (prov.scheduler) {
    case 'slurm': {
      const { array_task_id: id, array_task_count: count, array_task_min: min, array_task_max: max } = prov;
      if (id === null || count === null) return unavailable(message.slurmNotArrayTask(prov.job_id));
      // --array=0-2 gives MIN 0, MAX 2, COUNT 3; a step (0-10:2), a list (0,2,5) or a resubmitted
      // task (--array=1) does not number the shards 0..COUNT-1.
      if (min !== 0 || max !== count - 1 || id > max) {
        const tasks = `tasks ${min ?? '?'}-${max ?? '?'}, ${count} in all`;
        return unavailable(message.slurmArrayNotNumbered(prov.array_job_id, tasks, id));
      }
      return { status: 'derived', index: id, count, from: `SLURM_ARRAY_TASK_ID=${id} SLURM_ARRAY_TASK_COUNT=${count}` };
    }
    case 'gitlab': {
      const { node_index: index, node_total: total } = prov;
      if (index === null || total === null) return unavailable(message.gitlabNoNodeIndex(prov.job_id));
      if (index < 1 || index > total) return unavailable(message.gitlabNodeIndexOutside(index, total));
      return { status: 'derived', index: index - 1, count: total, from: `CI_NODE_INDEX=${index} CI_NODE_TOTAL=${total}` };
    }
    case 'github':
      return unavailable(message.githubNoMatrixIndex());
    case 'kubernetes':
      return unavailable(message.kubernetesNoCompletions());
    case null:
      return unavailable(message.noScheduler());
  }
}

const unavailable = (reason: string): SchedulerShard => ({ status: 'unavailable', reason });

function readTrimmed(file: string): string | null {
  try {
    return readFileSync(file, 'utf8').trim() || null;
  } catch {
    return null;
  }
}
