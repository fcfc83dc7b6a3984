import type { VirtiofsSession } from '@sharebench/core';
import { afterAll, beforeAll } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultPairs, envMetaFromName, importFiles, readContext, speedups, summarize, type Tables } from '@sharebench/analysis';
import type { ReportDataset } from '../src/index.js';

export const FIXTURES = fileURLToPath(new URL('../../../fixtures/', import.meta.url));
export const LEGACY = {
  sshfs: join(FIXTURES, 'legacy/sshfs-test-data-raw.txt'),
  virtiofs: join(FIXTURES, 'legacy/virtiofs-test-data-raw.txt'),
  expected: join(FIXTURES, 'legacy/expected-report.txt'),
};
export const FIO = (name: string) => join(FIXTURES, 'fio-3.33', name);

const TOOL = { version: 'test', git_commit: null };

/** A fresh temporary directory, removed by the returned cleanup. */
export async function tempDir(prefix: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `sharebench-report-${prefix}-`));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Imports files through the real pipeline (parse -> runs -> summary -> speedups) into `dir/<name>`
 * and loads it back as a report dataset. `env` names each import when given (one env per file);
 * `pairs` are extra comparisons, as `sharebench import --pair` records them.
 */
export async function importDataset(
  dir: string,
  name: string,
  files: Array<string | { path: string; env: string }>,
  pairs: Array<{ candidate: string; baseline: string }> = [],
): Promise<ReportDataset> {
  const out = join(dir, name);
  let tables: Tables | undefined;
  for (const f of files) {
    const options = typeof f === 'string' ? { out, pairs, tool: TOOL } : { out, env: f.env, pairs, tool: TOOL };
    ({ tables } = await importFiles([typeof f === 'string' ? f : f.path], options));
  }
  if (!tables) throw new Error('importDataset: no files given');
  return { name, context: await readContext(out), ...tables };
}

/** The seed study's nine configurations plus host, for a full-matrix, many-env dataset. */
export const MATRIX_ENVS = [
  'virtiofs-none', 'virtiofs-auto', 'virtiofs-always', 'virtiofs-none-dax', 'virtiofs-auto-dax', 'virtiofs-always-dax',
  '9p-none', '9p-mmap', '9p-loose', 'host',
] as const;

export interface Corpus {
  /** sshfs then virtiofs: the seed's published comparison, with virtiofs ÷ sshfs as a pair. */
  legacy: ReportDataset;
  /** One env, the full 30-job matrix. */
  single: ReportDataset;
  /** Ten envs x 30 jobs: the legacy logs imported under the seed study's configuration names. */
  matrix: ReportDataset;
  /** Every fio 3.33 fixture, one env each: client/server, ENOSPC failure, numjobs=2 randrw, mixed directions, a job named `q"n`. */
  fio: ReportDataset;
}

/**
 * Real datasets built through the import pipeline. The matrix relabels real logs as the seed's
 * configurations (alternating the two logs) so that charts meet 10 envs and every default pair.
 */
export async function buildCorpus(dir: string): Promise<Corpus> {
  const fioFiles = [
    'json-psync-randread.json', 'json-randrw-numjobs2-group.json', 'json-enospc-with-preamble.out', 'json-client-server-2.out',
    'json-status-interval.out', 'json-tab-in-description.json', 'jsonplus-bins.json', 'normal-plus-terse.txt',
    'terse-v2.txt', 'terse-v3.txt', 'terse-v4.txt', 'terse-v5.txt', 'unified-both-mixed.txt', 'unified-mixed.txt',
  ];
  return {
    legacy: await importDataset(dir, 'legacy', [LEGACY.sshfs, LEGACY.virtiofs], [{ candidate: 'virtiofs', baseline: 'sshfs' }]),
    single: await importDataset(dir, 'single', [LEGACY.virtiofs]),
    matrix: await importDataset(
      dir,
      'matrix',
      MATRIX_ENVS.map((env, i) => ({ path: i % 2 === 0 ? LEGACY.virtiofs : LEGACY.sshfs, env })),
    ),
    fio: await importDataset(dir, 'fio-3.33', fioFiles.map(FIO)),
  };
}

let built: Promise<Corpus> | undefined;

/**
 * The corpus, built once per test worker and held in memory (the directory it was imported into
 * is removed at once): report tests only read it. Tests that change a dataset copy it first.
 */
export function corpus(): Promise<Corpus> {
  built ??= (async () => {
    const tmp = await tempDir('corpus');
    try {
      return await buildCorpus(tmp.dir);
    } finally {
      await tmp.cleanup();
    }
  })();
  return built;
}

/**
 * A report test file's preamble: the corpus, and a scratch directory of its own (for the reports
 * it writes), made before its first test and removed after its last.
 */
export function reportFixture(prefix: string): { readonly corpus: Corpus; readonly dir: string } {
  let tmp: Awaited<ReturnType<typeof tempDir>> | undefined;
  let datasets: Corpus | undefined;
  beforeAll(async () => {
    [tmp, datasets] = await Promise.all([tempDir(prefix), corpus()]);
  });
  afterAll(async () => {
    await tmp?.cleanup();
  });
  return {
    get corpus() {
      return datasets!;
    },
    get dir() {
      return tmp!.dir;
    },
  };
}

/** The seed-matrix campaign's 19 configurations plus sshfs and nfs: the study's 21. */
export const STUDY_ENVS = [
  'host', 'virtiofs-none', 'virtiofs-auto', 'virtiofs-always', 'virtiofs-none-dax', 'virtiofs-auto-dax', 'virtiofs-always-dax',
  '9p-none', '9p-mmap', '9p-loose', 'virtiofs-none-node0', 'virtiofs-auto-node0', 'virtiofs-always-node0', 'virtiofs-none-dax-node0',
  'virtiofs-auto-dax-node0', 'virtiofs-always-dax-node0', '9p-none-node0', '9p-mmap-node0', '9p-loose-node0', 'sshfs', 'nfs',
] as const;

/**
 * A dataset of the study's 21 configurations with every default pair (DAX, virtio-fs vs 9p by
 * cache class and NUMA node, vs sshfs and nfs, vs host): the two legacy logs' real runs, relabelled
 * alternately as each configuration (its metadata from the name), then summarized and paired by
 * the real analysis. Each configuration's bandwidth is scaled so that ratios differ.
 */
export function studyDataset(legacy: ReportDataset): ReportDataset {
  const metas = STUDY_ENVS.map(envMetaFromName);
  const runs = metas.flatMap((meta, i) =>
    legacy.runs
      .filter((r) => r.env === (i % 2 === 0 ? 'virtiofs' : 'sshfs'))
      .map((r) => {
        const scale = 1 + i / 10;
        const bw_bytes = r.bw_bytes === null ? null : r.bw_bytes * scale;
        return { ...r, campaign: 'study', env: meta.name, fs: meta.fs, cache: meta.cache, dax: meta.dax, numa: meta.numa, bw_bytes };
      }),
  );
  const summary = summarize(runs);
  return {
    name: 'study',
    context: { ...legacy.context, campaign: 'study', pairs: [], envs: metas.map((m) => ({ ...m, session: null, imported: null })) },
    runs,
    summary,
    speedups: speedups(summary, defaultPairs(metas)),
  };
}

/** A string that breaks out of a script element and runs code if any layer forgets to escape. */
export const HOSTILE = '</script><img src=x onerror=alert(1)>';

/**
 * Fault injection beside the real path: the legacy dataset with the virtiofs env, a job, its mount
 * line, a host name and one cell's failure reason replaced by hostile strings.
 */
export function hostileDataset(legacy: ReportDataset): ReportDataset {
  const env = `${HOSTILE} "quotes" &amp;`;
  const job = `seqread-psync"quotes"&amp;${HOSTILE}`;
  const mount = `/mnt/${HOSTILE} "quotes" &amp; virtiofs rw`;
  const renameEnv = <T extends { env: string }>(r: T): T => (r.env === 'virtiofs' ? { ...r, env } : r);
  const renameJob = <T extends { job: string }>(r: T): T => (r.job === 'seqread-psync' ? { ...r, job } : r);
  return {
    name: `legacy &amp; "${HOSTILE}"`,
    context: {
      ...legacy.context,
      envs: legacy.context.envs.map((e) => (e.name === 'virtiofs' ? { ...e, name: env } : e)),
      host: { ...legacy.context.host, hostname: HOSTILE },
    },
    runs: legacy.runs.map((r) => {
      const out = renameJob(renameEnv({ ...r, mount: r.env === 'virtiofs' ? mount : r.mount }));
      return r.env === 'sshfs' && r.job === 'randread-mmap'
        ? { ...out, status: 'failed', error: `fio said ${HOSTILE} "quotes" &amp;`, bw_bytes: null, iops: null, clat_p50_ns: null, clat_p99_ns: null }
        : out;
    }),
    summary: legacy.summary.map((r) => {
      const out = renameJob(renameEnv({ ...r, mount: r.env === 'virtiofs' ? mount : r.mount }));
      return r.env === 'sshfs' && r.job === 'randread-mmap'
        ? {
            ...out,
            status: 'failed',
            n_ok: 0,
            error: `3 of 3 runs not ok: fio said ${HOSTILE} "quotes" &amp;`,
            bw_bytes_mean: null,
            bw_bytes_sd: null,
            bw_bytes_min: null,
            bw_bytes_max: null,
            bw_bytes_ci95_lo: null,
            bw_bytes_ci95_hi: null,
            bw_bytes_samples: [],
            iops_mean: null,
            iops_sd: null,
            iops_min: null,
            iops_max: null,
            iops_ci95_lo: null,
            iops_ci95_hi: null,
            iops_samples: [],
            clat_p50_ns_mean: null,
            clat_p99_ns_mean: null,
          }
        : out;
    }),
    speedups: legacy.speedups.map((s) =>
      renameJob({ ...s, candidate: s.candidate === 'virtiofs' ? env : s.candidate, baseline: s.baseline === 'virtiofs' ? env : s.baseline }),
    ),
  };
}

/** A virtio-fs guest's session record as `sharebench run` writes it, run under TCG for `reason`. */
export function tcgSession(reason: string): VirtiofsSession {
  return {
    kind: 'virtiofs',
    mount: 'sharebench /mnt/share virtiofs rw,relatime 0 0',
    kernel: '6.1.0-57-amd64',
    fio_version: 'fio-3.33',
    qemu: { version: 'QEMU emulator version 7.2.22', argv: ['qemu-system-x86_64', '-accel', 'tcg'] },
    accel: 'tcg',
    accel_reason: reason,
    accel_probe: null,
    vcpus: 2,
    memory_bytes: 2 ** 30,
    numa: null,
    shared_dir: '/tmp/share',
    kernel_cmdline: 'console=ttyS0',
    image: {
      key: 'k',
      kernel_package: { name: 'linux-image-6.1.0-57-amd64', version: '6.1.192-3' },
      kernel_release: '6.1.0-57-amd64',
      boot_protocol: 'pvh',
      fio_closure: 'trimmed',
      stubbed_libraries: [],
      dir: '/tmp/image',
    },
    guest_resources: '2 CPUs, 1 GiB',
    boot_ms: 3000,
    serial_log: '/tmp/serial.log',
    daemon: { flavour: 'c', version: 'virtiofsd version 7.2.22', argv: ['/usr/lib/qemu/virtiofsd'] },
    cache: 'auto',
    xattr: false,
    thread_pool_size: 64,
    allow_direct_io: true,
    allow_mmap: false,
    inode_file_handles: null,
    dax_window_bytes: null,
  };
}
