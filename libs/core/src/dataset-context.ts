import { type AccelRequest, type Accelerator } from './enums.js';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError, type ParseWarning } from './errors.js';
import { writeFileAtomic } from './atomic.js';
import { message } from './messages.js';
import type { EnvMeta } from './env.js';
import type { RunJob } from './run-manifest.js';
import { snakeCaseKeys } from './snake-case.js';
import type { HostRecord, MergeRecord, SchedulerRecord, ShardRecord } from './fleet.js';

export const CONTEXT_FILE = 'context.json';

/** The context.json layout this version writes; older ones are read through `upgradeContext`. */
export const CONTEXT_SCHEMA = 2;

/** One imported input file, kept under raw/imports/ as given. */
export interface ImportEntry {
  /** Path relative to the dataset, e.g. `raw/imports/virtiofs-test-data-raw.txt`. */
  file: string;
  /** The path it was imported from. */
  original: string;
  format: 'json' | 'terse' | 'legacy';
  /** The env (name) its results belong to. */
  env: string;
  sha256: string;
  imported_at: string;
  /** fio's version as the file names it (null: terse v2, or a log that never got to run fio). Absent before sharebench recorded it. */
  fio_version?: string | null;
  /** What the parser read past (non-numbers read as null, restored names, ...). Absent before sharebench recorded them. */
  warnings?: ParseWarning[];
}

/** The machine that ran or imported a dataset. */
export interface HostInfo {
  hostname: string;
  /** `uname -r` */
  kernel: string;
  /** /etc/os-release PRETTY_NAME */
  os: string | null;
  arch: string;
  cpus: number;
  cpu_model: string | null;
  memory_bytes: number;
  /** Node.js version that ran sharebench. */
  node: string;
}

/** What every environment reports once up: where fio ran and what it saw. */
interface SessionCommon {
  /** The mount line of the test directory, as /proc/mounts shows it. */
  mount: string;
  /** `uname -r` where fio ran (the host, or the guest). */
  kernel: string;
  fio_version: string;
}

export interface HostSession extends SessionCommon {
  kind: 'host';
  /** The directory fio ran in. */
  dir: string;
}

/** The guest image a VM environment booted. */
export interface GuestImageRecord {
  key: string;
  kernel_package: { name: string; version: string };
  kernel_release: string;
  boot_protocol: 'pvh' | 'bzimage';
  fio_closure: 'trimmed' | 'full';
  stubbed_libraries: string[];
  dir: string;
}

/** A QEMU guest: the machine, how it was accelerated and why. */
interface GuestSessionCommon extends SessionCommon {
  qemu: { version: string; argv: string[] };
  accel: Accelerator;
  /** Why this accelerator: the KVM checks' and probe's verdict, or what was asked for. */
  accel_reason: string;
  /** The KVM probe boot behind the verdict, when one ran (ms; see the README's accelerator section). */
  accel_probe: { kvm_ms: number | null; tcg_ms: number | null; probed_at: string } | null;
  vcpus: number;
  memory_bytes: number;
  /** Host NUMA node QEMU (and the daemon) were pinned to. */
  numa: number | null;
  /** The host directory shared with the guest. */
  shared_dir: string;
  kernel_cmdline: string;
  image: GuestImageRecord;
  /** What the guest saw of itself (CPUs and memory), as its init printed it. */
  guest_resources: string;
  /** Daemon start to a checked mount, ms. */
  boot_ms: number;
  serial_log: string;
}

export interface VirtiofsSession extends GuestSessionCommon {
  kind: 'virtiofs';
  /** Which virtiofsd served the share: `c` (QEMU <= 7.2's) or `rust`, its `--version` and argv. */
  daemon: { flavour: 'c' | 'rust'; version: string; argv: string[] };
  /** The policy word the daemon was given (`none` for C, `never` for Rust, ...). */
  cache: string;
  xattr: boolean;
  /** Worker threads per queue: as asked, else the daemon's default (C 64, Rust 0). */
  thread_pool_size: number | null;
  /** Whether the daemon honoured the guest's O_DIRECT; without it a direct=1 run measures the host page cache. */
  allow_direct_io: boolean;
  allow_mmap: boolean;
  inode_file_handles: string | null;
  dax_window_bytes: number | null;
}

export interface NinepSession extends GuestSessionCommon {
  kind: '9p';
  cache: string;
  msize: number;
  security_model: string;
}

/** What an environment said about itself when it came up, per kind. */
export type SessionRecord = HostSession | VirtiofsSession | NinepSession;

/** What an imported file says about where it ran (a legacy run-fio-test.sh log's header). */
export interface ImportedEnvInfo {
  /** The kernel fio ran on (from the log's `uname -a`), when it says. */
  kernel: string | null;
  /** The log's header, key by key (JOB_FILES left out). */
  legacy_header: Record<string, string> | null;
  /** 9p: the msize of the mount line, bytes. Absent in datasets imported before it was recorded. */
  msize?: number | null;
  /** virtio-fs: the DAX window the test name gives (`dax-16G`), bytes; null when DAX is off or the size unnamed. */
  dax_window_bytes?: number | null;
}

/** One environment of a dataset: what it is, and what is known of where it ran. */
export interface EnvRecord extends EnvMeta {
  /** Set by `sharebench run` once the environment came up (the latest session). */
  session: SessionRecord | null;
  /** Set by `sharebench import`. */
  imported: ImportedEnvInfo | null;
  /** Provenance a dataset of an older schema kept as loose keys, shown as it was. */
  unstructured?: Record<string, unknown>;
}

/** One run of the plan as `sharebench run` records it (execution.plan). */
export interface PlanEntry {
  /** Position in the whole campaign's execution order, 0-based. */
  order: number;
  env: string;
  repeat: number;
  job: RunJob;
}

/** What `sharebench run` records of the campaign that produced raw/runs/. */
export interface ExecutionRecord {
  campaign_file: string;
  campaign_hash: string;
  /** The normalized campaign, its keys in snake_case (schema 1 kept execute's camelCase names). */
  campaign: { name: string; description?: string; repeats: number | { min: number; max: number; cv: number }; timeout_ms?: number } & Record<string, unknown>;
  order: string;
  seed: number;
  plan: PlanEntry[];
  /** `--accel` when given: it overrode every guest's accelerator. */
  accel_override: AccelRequest | null;
  last_started_at?: string;
  last_finished_at?: string;
  /** Set when the last invocation stopped before its end for a reason other than an interrupt (its dataset filled up). */
  stopped?: { at: string; reason: string } | null;
}

/** context.json: provenance of everything in the dataset (google/benchmark's `context` block). */
export interface DatasetContext {
  schema: typeof CONTEXT_SCHEMA;
  campaign: string;
  created_at: string;
  updated_at: string;
  /** The tool that wrote the dataset. */
  sharebench: { version: string; git_commit: string | null };
  /** The machine that imported or ran it. */
  host: HostInfo;
  /** Every environment, in the order given (import order, or the campaign's order). */
  envs: EnvRecord[];
  imports: ImportEntry[];
  /** Extra comparisons asked for explicitly, beside the default pairs. */
  pairs: Array<{ candidate: string; baseline: string }>;
  /** Set by `sharebench run`: the campaign that produced raw/runs/. */
  execution?: ExecutionRecord;
  /** The host_id of the machine that ran the latest `run` (its record is in `hosts`); absent before sharebench recorded it. */
  host_id?: string | null;
  /** Every machine that ran runs into this dataset (a merged dataset: every input's). */
  hosts?: HostRecord[];
  /** The scheduler of the latest `run` (a Slurm array task, a CI job), or null. */
  scheduler?: SchedulerRecord | null;
  /** `run --shard i/n`: the shard this dataset holds. */
  shard?: ShardRecord | null;
  /** Set by `sharebench merge`: the datasets whose runs this one holds. */
  merge?: MergeRecord;
}

/** Reads a dataset's context.json (any schema this version knows), with an error that says what to do. */
export async function readContext(dataset: string): Promise<DatasetContext> {
  const path = join(dataset, CONTEXT_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new InputError(message.notADataset(dataset, CONTEXT_FILE), { cause: err });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new InputError(message.contextNotJson(path, (err as Error).message), { cause: err });
  }
  return upgradeContext(raw, path);
}

export async function writeContext(dataset: string, ctx: DatasetContext): Promise<void> {
  await writeFileAtomic(join(dataset, CONTEXT_FILE), JSON.stringify(ctx, null, 2) + '\n');
}

const ENV_META_KEYS = ['env', 'fs', 'cache', 'dax', 'numa'] as const;

/**
 * A context of any known schema as the current one. Schema 1 (sharebench before typed contexts)
 * kept each env's name as `env` and its provenance as loose keys: the name moves to `name`, a
 * legacy header to `imported`, and every other key to `unstructured`, shown as it was. A newer
 * or unknown schema is refused, since its fields cannot be trusted to mean the same.
 */
export function upgradeContext(raw: unknown, path: string): DatasetContext {
  const refuse = (why: string) => new InputError(message.contextInvalid(path, why));
  if (typeof raw !== 'object' || raw === null) throw refuse(message.contextNotObject());
  const ctx = raw as Record<string, unknown>;
  if (typeof ctx['schema'] === 'number' && ctx['schema'] > CONTEXT_SCHEMA) {
    throw new InputError(message.contextNewer(path, ctx['schema'], CONTEXT_SCHEMA));
  }
  if (!Array.isArray(ctx['envs']) || !Array.isArray(ctx['imports'])) throw refuse(message.contextUnexpectedShape());
  if (ctx['schema'] === CONTEXT_SCHEMA) {
    const current = ctx as unknown as DatasetContext;
    current.pairs ??= [];
    return current;
  }
  if (ctx['schema'] !== 1) throw refuse(message.contextUnknownSchema(ctx['schema']));
  const envs = (ctx['envs'] as Array<Record<string, unknown>>).map((e): EnvRecord => {
    const { legacy_header, kernel, ...rest } = e;
    const loose = Object.fromEntries(Object.entries(rest).filter(([k]) => !(ENV_META_KEYS as readonly string[]).includes(k)));
    const isImported = legacy_header !== undefined || (kernel !== undefined && rest['qemu'] === undefined);
    return {
      name: String(e['env']),
      fs: e['fs'] as EnvMeta['fs'],
      cache: (e['cache'] ?? null) as EnvMeta['cache'],
      dax: Boolean(e['dax']),
      numa: typeof e['numa'] === 'number' ? e['numa'] : null,
      session: null,
      imported: isImported
        ? { kernel: typeof kernel === 'string' ? kernel : null, legacy_header: (legacy_header ?? null) as Record<string, string> | null }
        : null,
      ...(Object.keys(loose).length > 0 || (!isImported && kernel !== undefined) ? { unstructured: { ...loose, ...(isImported ? {} : { kernel }) } } : {}),
    };
  });
  const execution = ctx['execution'] as Record<string, unknown> | undefined;
  return {
    ...(ctx as unknown as DatasetContext),
    schema: CONTEXT_SCHEMA,
    envs,
    pairs: (ctx['pairs'] as DatasetContext['pairs'] | undefined) ?? [],
    ...(execution ? { execution: { accel_override: null, ...execution, campaign: snakeCaseKeys(execution['campaign']) } as unknown as ExecutionRecord } : {}),
  };
}
