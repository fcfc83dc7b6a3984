import { globToRegExp } from '../glob.js';
import { isAbsolute, resolve, dirname } from 'node:path';
import {
  assertSafeName,
  DEVLOOP_OPS,
  DEVLOOP_TOOL,
  devloopCounts,
  FleetMode,
  fioOptionOwner,
  InputError,
  jobName,
  META_WORKLOADS,
  NINEP_CACHE_MODES,
  TREE_OPS,
  treeEntries,
  VIRTIOFS_CACHE_MODES,
  VIRTIOFSD_CACHE_MODES,
  WORKLOAD_RW,
  WORKLOADS,
  type DevloopOp,
  type DevloopSpec,
  type MetaWorkload,
  type TreeOp, AccelRequest } from '@sharebench/core';
import { envSpecProblems, NINEP_SECURITY_MODELS, readQemuKey, VIRTIOFS_SANDBOXES, type EnvSpec, type GuestOptions } from '@sharebench/provision';
import { ObjectReader } from './reader.js';
import { defaultTimeoutMs } from './job-work.js';
import { RunOrder, type Campaign, type DevloopJobSpec, type JobSpec, type Repeats, type TreeJobSpec } from './types.js';
import { message } from '../messages.js';

const ENV_KINDS = ['host', 'virtiofs', '9p'] as const;
/** Engines fio 3.33 has that make sense on a shared directory. */
export const IOENGINES = ['psync', 'sync', 'pvsync', 'pvsync2', 'libaio', 'io_uring', 'mmap', 'posixaio', 'vsync'] as const;
const ORDERS = Object.values(RunOrder);
const FIO_DIRECT_DEFAULT = true;
const isMeta = (w: string): w is MetaWorkload => (META_WORKLOADS as readonly string[]).includes(w);
// The issue's default tree: 50 directories of 200 files of 4 KiB (10,051 entries).
const TREE_DEFAULTS = { dirs: 50, filesPerDir: 200, fileSize: 4096 };
const MAX_TREE_FILES = 1_000_000;
/** The shortest fio.min_elapsed: 100 ticks of fio's whole-millisecond runtime. */
const FIO_MIN_ELAPSED_MS = 100;

// The two daemons name the no-cache policy differently; say which word the asked daemon takes.
function cacheHint(daemon: 'c' | 'rust' | null, asked: unknown): string {
  if (daemon === 'rust' && asked === 'none') return message.cacheHintRust();
  if (daemon === 'c' && (asked === 'never' || asked === 'metadata')) return message.cacheHintC(asked);
  return '';
}

interface GuestDefaults {
  vcpus: number;
  memoryBytes: number;
  accel: AccelRequest;
}
const GUEST_DEFAULTS: GuestDefaults = { vcpus: 2, memoryBytes: 1024 ** 3, accel: 'auto' };

/**
 * Validates a campaign file's loose JSON ("4k", "20s", "4G") into a Campaign in base units.
 * Every error names the file, the JSON path, the bad value and what is allowed.
 */
export function normalizeCampaign(raw: unknown, file: string, defaultName: string): Campaign {
  const top = ObjectReader.of(file, '', raw);
  top.raw('$schema');
  const name = assertSafeName(top.string('name', defaultName), `${file}: name`);
  const description = top.has('description') ? top.string('description') : '';
  const guest = readGuestDefaults(top);
  const fioRaw = top.has('fio') ? top.raw('fio') : {};
  const rawDirect = typeof fioRaw === 'object' && fioRaw !== null ? (fioRaw as { direct?: unknown }).direct : undefined;
  const direct = typeof rawDirect === 'boolean' ? rawDirect : FIO_DIRECT_DEFAULT;
  const envs = top.array('envs').map((e, i) => readEnv(ObjectReader.of(file, `envs[${i}]`, e), guest, { direct }));
  const seen = new Set<string>();
  envs.forEach((e, i) => {
    if (seen.has(e.name)) throw new InputError(message.duplicateEnv(file, i, e.name));
    seen.add(e.name);
  });
  // A campaign of tree operations, developer loops or the semantics probe alone has no fio matrix unless it asks for one.
  const notes: string[] = [];
  const semantics = top.bool('semantics', false);
  const fioJobs =
    top.has('fio') || !(top.has('tree') || top.has('devloop') || semantics) ? readFio(ObjectReader.of(file, 'fio', fioRaw), notes) : [];
  const jobs: JobSpec[] = [...fioJobs, ...readTree(top), ...readDevloop(top)];
  const exclusions = readExclusions(top, envs.map((e) => e.name), jobs.map((j) => j.name));
  const cells = envs.flatMap((e) => jobs.filter((j) => !exclusions.some((x) => x(e.name, j.name))).map((j) => ({ env: e.name, job: j.name })));
  const repeats = readRepeats(top);
  const order = top.oneOf('order', ORDERS, RunOrder.interleaved, 'run order');
  const seed = top.int('seed', 1, { min: 0, max: 2 ** 31 - 1 });
  const timeoutMs = top.durationMs('timeout', defaultTimeoutMs(jobs));
  const scratchRaw = top.has('scratch') ? top.string('scratch') : null;
  // How a merge puts several hosts' datasets of this campaign together (sharebench merge --mode).
  const mode = top.has('mode') ? top.oneOf('mode', Object.values(FleetMode), FleetMode.shard, 'fleet mode') : null;
  top.done();
  const scratchDir = scratchRaw === null ? null : isAbsolute(scratchRaw) ? scratchRaw : resolve(dirname(file), scratchRaw);
  return { name, description, file, envs, jobs, cells, repeats, order, seed, timeoutMs, scratchDir, semantics, notes, mode };
}

const MAX_REPEATS = 1000;

/**
 * `repeats`: a number (that many runs per cell), or `{"min": 3, "max": 10, "cv": 0.05}`: repeat a
 * cell until the coefficient of variation of its bandwidth falls under cv, from min to max runs.
 */
function readRepeats(top: ObjectReader): Repeats {
  const raw = top.raw('repeats');
  if (raw === undefined || typeof raw === 'number') return top.int('repeats', 3, { min: 1, max: MAX_REPEATS });
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    top.fail('repeats', message.repeatsShape(raw));
  }
  const r = ObjectReader.of(top.file, 'repeats', raw);
  // A coefficient of variation needs two runs.
  const min = r.int('min', 3, { min: 2, max: MAX_REPEATS });
  const max = r.int('max', Math.max(10, min), { min: 2, max: MAX_REPEATS });
  const cv = r.number('cv', 0.05, { above: 0, below: 1 });
  r.done();
  if (max < min) r.fail('max', message.repeatsMaxBelowMin(max, min));
  return { min, max, cv };
}

function readGuestDefaults(top: ObjectReader): GuestDefaults {
  if (!top.has('guest')) {
    top.raw('guest');
    return GUEST_DEFAULTS;
  }
  const g = ObjectReader.of(top.file, 'guest', top.raw('guest'));
  const out = {
    vcpus: g.int('vcpus', GUEST_DEFAULTS.vcpus, { min: 1, max: 256 }),
    memoryBytes: g.size('memory', GUEST_DEFAULTS.memoryBytes),
    accel: g.oneOf('accel', Object.values(AccelRequest), 'auto', 'accelerator'),
  };
  g.done();
  return out;
}

// `qemu`: a path, or a Debian suite or qemu-system-x86 version to obtain QEMU from.
function readQemu(r: ObjectReader): Pick<GuestOptions, 'qemuPath' | 'qemuPackage'> {
  if (!r.has('qemu')) return { qemuPath: null, qemuPackage: null };
  const read = readQemuKey(r.string('qemu'));
  if ('problem' in read) r.fail('qemu', read.problem);
  return read;
}

function readEnv(r: ObjectReader, guest: GuestDefaults, defaults: { direct: boolean }): EnvSpec {
  const name = assertSafeName(r.raw('name'), `${r.file}: ${r.at('name')}`);
  const kind = r.oneOf('kind', ENV_KINDS, undefined, 'environment kind');
  if (kind === 'host') {
    const dir = r.has('dir') ? r.string('dir') : null;
    r.done();
    return { name, kind, dir };
  }
  const options: GuestOptions = {
    vcpus: r.int('vcpus', guest.vcpus),
    memoryBytes: r.size('memory', guest.memoryBytes),
    numa: r.has('numa') ? r.int('numa', undefined, { min: 0, max: 1023 }) : null,
    accel: r.oneOf('accel', Object.values(AccelRequest), guest.accel, 'accelerator'),
    sharedDir: r.has('shared_dir') ? r.string('shared_dir') : null,
    tag: r.string('tag', 'sharebench'),
    ...readQemu(r),
    guestKernel: r.has('guest_kernel') ? r.string('guest_kernel') : null,
  };
  const checked = (spec: EnvSpec): EnvSpec => {
    const first = envSpecProblems(spec)[0];
    if (first) r.fail(first.key, first.problem);
    return spec;
  };
  if (kind === 'virtiofs') {
    const daemon = r.has('daemon') ? r.oneOf('daemon', ['c', 'rust'] as const, undefined, 'virtiofsd') : null;
    const cacheWhat = `${daemon ? `${daemon === 'c' ? 'C' : 'Rust'} virtiofsd` : 'virtio-fs'} cache mode${cacheHint(daemon, r.raw('cache'))}`;
    const cache = r.oneOf('cache', daemon ? VIRTIOFSD_CACHE_MODES[daemon] : VIRTIOFS_CACHE_MODES, undefined, cacheWhat);
    const dax = r.raw('dax');
    let daxWindowBytes: number | null = null;
    if (dax === true) daxWindowBytes = 1024 ** 3;
    else if (dax !== undefined && dax !== false) daxWindowBytes = r.size('dax');
    const threadPoolSize = r.has('thread_pool_size') ? r.int('thread_pool_size', undefined) : null;
    const xattr = r.bool('xattr', true);
    // Off by default in both daemons, which makes fio's direct=1 measure the host page cache.
    const allowDirectIo = r.bool('allow_direct_io', defaults.direct);
    const allowMmap = r.bool('allow_mmap', false);
    const inodeFileHandles = r.has('inode_file_handles')
      ? r.oneOf('inode_file_handles', ['never', 'prefer', 'mandatory'] as const, undefined, 'inode file handle mode')
      : null;
    const sandbox = r.oneOf('sandbox', VIRTIOFS_SANDBOXES, 'namespace', 'virtiofsd sandbox');
    if (daemon === 'c' && (allowMmap || inodeFileHandles !== null)) {
      r.fail(allowMmap ? 'allow_mmap' : 'inode_file_handles', message.rustOnlyOption());
    }
    if (daemon === 'c' && sandbox === 'none') r.fail('sandbox', message.rustOnlySandbox());
    r.done();
    return checked({ name, kind, ...options, daemon, cache, daxWindowBytes, threadPoolSize, xattr, allowDirectIo, allowMmap, inodeFileHandles, sandbox });
  }
  const cache = r.oneOf('cache', NINEP_CACHE_MODES, undefined, '9p cache mode');
  const msize = r.int('msize', 512_000);
  const securityModel = r.oneOf('security_model', NINEP_SECURITY_MODELS, 'mapped-xattr', '9p security model');
  r.done();
  return checked({ name, kind, ...options, cache, msize, securityModel });
}

function readFio(f: ObjectReader, notes: string[]): JobSpec[] {
  const workloads = f.stringList('workloads', [...WORKLOADS], [...WORKLOADS, ...META_WORKLOADS], 'workload');
  const ioengines = f.stringList('ioengines', ['psync', 'libaio', 'mmap'], IOENGINES, 'ioengine');
  // `numjobs` (fio's word) was `jobs` before `run --jobs` took job names; the old key is still read.
  if (f.has('numjobs') && f.has('jobs')) f.fail('jobs', message.jobsAndNumjobs());
  const countsKey = f.has('jobs') ? 'jobs' : 'numjobs';
  if (countsKey === 'jobs') notes.push(message.jobsDeprecated(f.file, f.at('jobs'), f.at('numjobs')));
  const jobCounts = f.array(countsKey, [1, 4]).map((v, i) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 64) {
      f.fail(`${countsKey}[${i}]`, message.badJobCount(v));
    }
    return v;
  });
  const blocksize = f.size('blocksize', 4096);
  const iodepth = f.int('iodepth', 16, { min: 1, max: 65536 });
  const size = f.size('size', 4 * 1024 ** 3);
  const runtime = f.durationMs('runtime', 20_000);
  const timeBased = f.bool('time_based', true);
  const direct = f.bool('direct', FIO_DIRECT_DEFAULT);
  const rwmixread = f.int('rwmixread', 75, { min: 0, max: 100 });
  for (const key of ['nrfiles', 'filesize']) {
    if (f.has(key) && !workloads.some(isMeta)) {
      f.fail(key, message.metaOnlyKey(META_WORKLOADS));
    }
  }
  const nrfiles = f.int('nrfiles', 1000, { min: 1, max: MAX_TREE_FILES });
  const filesize = f.size('filesize', 4096);
  if (f.has('min_elapsed') && !workloads.some(isMeta)) {
    f.fail('min_elapsed', message.metaOnlyMinElapsed(META_WORKLOADS));
  }
  const minElapsed = f.has('min_elapsed') ? { min_elapsed_ms: f.durationMs('min_elapsed') } : {};
  // fio reports runtime in whole milliseconds: under 100 of them the figure is still the clock's.
  if ((minElapsed.min_elapsed_ms ?? FIO_MIN_ELAPSED_MS) < FIO_MIN_ELAPSED_MS) {
    f.fail('min_elapsed', message.minElapsedTooShort(JSON.stringify(f.raw('min_elapsed')), FIO_MIN_ELAPSED_MS));
  }
  const extra = f.has('extra') ? f.stringList('extra') : [];
  extra.forEach((opt, i) => {
    if (!/^--[a-z_0-9]+(=.*)?$/.test(opt)) f.fail(`extra[${i}]`, message.extraNotOption(opt));
    if (fioOptionOwner(opt) !== null) f.fail(`extra[${i}]`, message.extraOwned(opt));
  });
  f.done();
  const jobs: JobSpec[] = [];
  for (const workload of workloads) {
    if (isMeta(workload)) {
      // The engine is the workload: one job per job count, named after it.
      for (const numjobs of jobCounts) {
        const name = numjobs === 1 ? workload : numjobs === 4 ? `${workload}-multi` : `${workload}-j${numjobs}`;
        jobs.push({
          kind: 'meta',
          name,
          workload,
          ioengine: workload,
          numjobs,
          blocksize_bytes: filesize,
          iodepth: 1,
          size_bytes: nrfiles * filesize,
          runtime_ms: 0,
          nrfiles,
          filesize_bytes: filesize,
          extra,
          ...minElapsed,
        });
      }
      continue;
    }
    for (const ioengine of ioengines) {
      for (const numjobs of jobCounts) {
        // The seed's names: 1 job is `<w>-<e>`, 4 jobs `<w>-<e>-multi`; other counts spell it out.
        const name = numjobs === 1 || numjobs === 4 ? jobName(workload, ioengine, numjobs === 4) : `${workload}-${ioengine}-j${numjobs}`;
        jobs.push({
          kind: 'io',
          name,
          workload,
          rw: WORKLOAD_RW[workload as keyof typeof WORKLOAD_RW],
          ioengine,
          numjobs,
          blocksize_bytes: blocksize,
          iodepth,
          size_bytes: size,
          runtime_ms: runtime,
          timeBased,
          direct,
          rwmixread,
          extra,
        });
      }
    }
  }
  return jobs;
}

// `"tree": {"dirs", "files_per_dir", "file_size", "ops"}`: one job per operation, `tree-<op>`, in the order given.
function readTree(top: ObjectReader): TreeJobSpec[] {
  if (!top.has('tree')) return [];
  const t = ObjectReader.of(top.file, 'tree', top.raw('tree'));
  const dirs = t.int('dirs', TREE_DEFAULTS.dirs, { min: 1, max: MAX_TREE_FILES });
  const filesPerDir = t.int('files_per_dir', TREE_DEFAULTS.filesPerDir, { min: 1, max: MAX_TREE_FILES });
  const fileSize = t.size('file_size', TREE_DEFAULTS.fileSize);
  const ops = t.stringList('ops', [...TREE_OPS], TREE_OPS, 'tree operation') as TreeOp[];
  const minElapsed = t.has('min_elapsed') ? { min_elapsed_ms: t.durationMs('min_elapsed') } : {};
  ops.forEach((op, i) => {
    if (ops.indexOf(op) !== i) t.fail(`ops[${i}]`, message.opListedTwice(op));
  });
  if (dirs * filesPerDir > MAX_TREE_FILES) {
    t.fail('files_per_dir', message.treeTooBig(dirs, filesPerDir, MAX_TREE_FILES));
  }
  t.done();
  const tree = { dirs, files_per_dir: filesPerDir, file_size_bytes: fileSize };
  return ops.map((op) => ({
    kind: 'tree',
    name: `tree-${op}`,
    workload: op,
    ioengine: 'busybox',
    numjobs: 1,
    blocksize_bytes: fileSize,
    iodepth: 1,
    size_bytes: treeEntries(tree).bytes,
    runtime_ms: 0,
    tree,
    ...minElapsed,
  }));
}

// Sized for a machine with KVM; a campaign for TCG (the devloop preset) sizes it down.
const DEVLOOP_DEFAULTS = {
  repo: { files: 2000, dirs: 100, commits: 5, fileSize: 4096, changedFiles: 50 },
  install: { packages: 200, filesPerPackage: 20, fileSize: 2048, workers: 8 },
  sqlite: { transactions: 100, rowsPerTransaction: 100 },
};

/**
 * `"devloop": {"repo": {...}, "install": {...}, "sqlite": {...}, "ops": [...]}`: one job per
 * operation (named after it), in the order given, all on one generated workspace.
 */
function readDevloop(top: ObjectReader): DevloopJobSpec[] {
  if (!top.has('devloop')) return [];
  const d = ObjectReader.of(top.file, 'devloop', top.raw('devloop'));
  const part = (key: string) => ObjectReader.of(top.file, d.at(key), d.raw(key) ?? {});
  const r = part('repo');
  const files = r.int('files', DEVLOOP_DEFAULTS.repo.files, { min: 1, max: MAX_TREE_FILES });
  const repo = {
    files,
    dirs: r.int('dirs', Math.min(files, DEVLOOP_DEFAULTS.repo.dirs), { min: 1, max: files }),
    // checkout goes back to the first commit: it needs a second one to come from.
    commits: r.int('commits', DEVLOOP_DEFAULTS.repo.commits, { min: 2, max: 1000 }),
    file_size_bytes: r.size('file_size', DEVLOOP_DEFAULTS.repo.fileSize),
    changed_files: r.int('changed_files', Math.min(files, DEVLOOP_DEFAULTS.repo.changedFiles), { min: 1, max: files }),
  };
  r.done();
  const i = part('install');
  const install = {
    packages: i.int('packages', DEVLOOP_DEFAULTS.install.packages, { min: 1, max: 100_000 }),
    files_per_package: i.int('files_per_package', DEVLOOP_DEFAULTS.install.filesPerPackage, { min: 1, max: 10_000 }),
    file_size_bytes: i.size('file_size', DEVLOOP_DEFAULTS.install.fileSize),
    workers: i.int('workers', DEVLOOP_DEFAULTS.install.workers, { min: 1, max: 64 }),
  };
  i.done();
  if (install.packages * install.files_per_package > MAX_TREE_FILES) {
    i.fail('files_per_package', message.installTooBig(install.packages, install.files_per_package, MAX_TREE_FILES));
  }
  const q = part('sqlite');
  const sqlite = {
    transactions: q.int('transactions', DEVLOOP_DEFAULTS.sqlite.transactions, { min: 1, max: 1_000_000 }),
    rows_per_transaction: q.int('rows_per_transaction', DEVLOOP_DEFAULTS.sqlite.rowsPerTransaction, { min: 1, max: 1_000_000 }),
  };
  q.done();
  const ops = d.stringList('ops', [...DEVLOOP_OPS], DEVLOOP_OPS, 'developer-loop operation') as DevloopOp[];
  ops.forEach((op, k) => {
    if (ops.indexOf(op) !== k) d.fail(`ops[${k}]`, message.opListedTwice(op));
  });
  d.done();
  const spec: DevloopSpec = { repo, install, sqlite };
  const counts = devloopCounts(spec);
  return ops.map((op) => {
    const installing = op === 'npm-install' || op === 'npm-rm';
    return {
      kind: 'devloop',
      name: op,
      workload: op,
      ioengine: DEVLOOP_TOOL[op],
      numjobs: op === 'npm-install' ? install.workers : 1,
      blocksize_bytes: installing ? install.file_size_bytes : repo.file_size_bytes,
      iodepth: 1,
      size_bytes: installing ? counts.installFiles * install.file_size_bytes : op === 'sqlite-insert' ? 0 : repo.files * repo.file_size_bytes,
      runtime_ms: 0,
      devloop: spec,
    };
  });
}

type Exclusion = (env: string, job: string) => boolean;


function readExclusions(top: ObjectReader, envs: string[], jobs: string[]): Exclusion[] {
  if (!top.has('exclude')) {
    top.raw('exclude');
    return [];
  }
  return top.array('exclude').map((item, i) => {
    const at = `exclude[${i}]`;
    const spec = typeof item === 'string' ? { job: item } : item;
    const r = ObjectReader.of(top.file, at, spec);
    const env = r.has('env') ? r.string('env') : '*';
    const job = r.has('job') ? r.string('job') : '*';
    r.done();
    const envRe = globToRegExp(env);
    const jobRe = globToRegExp(job);
    if (!envs.some((e) => envRe.test(e))) r.fail('env', message.excludeNoEnv(env, envs));
    if (!jobs.some((j) => jobRe.test(j))) r.fail('job', message.excludeNoJob(job, jobs));
    return (e: string, j: string) => envRe.test(e) && jobRe.test(j);
  });
}
