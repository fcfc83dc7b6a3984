import { cacheDir as sharebenchCache } from '@sharebench/host';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { parseFioJson } from '@sharebench/fio';
import {
  createNinepEnvironment,
  createVirtiofsEnvironment,
  ensureGuestImage,
  type Environment,
  type EnvContext,
  type GuestOptions,
  type NinepEnvSpec,
  type VirtiofsEnvSpec,
} from '@sharebench/provision';
import { printFigures } from './figures.js';

/**
 * bench:vm: what a guest environment costs besides fio, on this machine (KVM or TCG).
 *
 *   1. find or build the guest image (not timed: cached after the first use)
 *   2. per environment (virtio-fs cache none/auto/always, 9p cache none/mmap/loose, the 6.12 guest
 *      kernel, QEMU 10.0 from bookworm-backports; names given as arguments pick environments):
 *      a. open: fixed cost from starting virtiofsd (9p: QEMU) to the guest ready for its first job
 *         (share mounted and checked in /proc/mounts)
 *      b. RUNS tiny runs: per-run overhead = run() wall time on the host - fio's own job runtime,
 *         split into layout + cache drops (prepareMs), fio's start-up and exit in the guest
 *         (durationMs - job runtime) and the rest (channel, output transfer); the timed part alone
 *         (run() wall - prepareMs - job runtime) is what a measurement pays beyond fio's runtime
 *      c. close: teardown time, until no process and no socket is left
 *   3. print every figure, then one JSON line
 */
const RUNS = 3;
const FIXED_TARGET_S = 8;
const PER_RUN_TARGET_S = 0.5;
const tinyJob = [
  '--name=tiny',
  '--rw=randread',
  '--bs=4k',
  '--size=1m',
  '--runtime=500ms',
  '--time_based',
  '--ioengine=psync',
  '--filename_format=sharebench.$jobnum.$filenum',
];

const cacheDir = sharebenchCache();
const tmp = await mkdtemp(join(os.tmpdir(), 'sharebench-bench-vm-'));
const ctx: EnvContext = { scratchRoot: join(tmp, 'scratch'), cacheDir };
const guest: GuestOptions = {
  vcpus: 2,
  memoryBytes: 1024 ** 3,
  numa: null,
  accel: 'auto',
  sharedDir: null,
  tag: 'sharebench',
  qemuPath: null,
  qemuPackage: null,
  guestKernel: null,
};
const NEW_KERNEL = 'bookworm-backports';
const QEMU_10 = { qemuPath: null, qemuPackage: { suite: 'bookworm-backports' } } as const;
type Stack = Partial<Pick<GuestOptions, 'guestKernel' | 'qemuPath' | 'qemuPackage'>>;
const virtiofs = (name: string, daemon: 'c' | 'rust', cache: VirtiofsEnvSpec['cache'], stack: Stack = {}) =>
  createVirtiofsEnvironment(
    {
      ...guest,
      ...stack,
      name,
      kind: 'virtiofs',
      daemon,
      cache,
      daxWindowBytes: null,
      threadPoolSize: null,
      xattr: false,
      allowDirectIo: true,
      allowMmap: false,
      inodeFileHandles: null,
      sandbox: 'namespace',
    },
    ctx,
  );
const ninep = (cache: NinepEnvSpec['cache'], suffix = '', stack: Stack = {}) =>
  createNinepEnvironment({ ...guest, ...stack, name: `9p-${cache}${suffix}`, kind: '9p', cache, msize: 512_000, securityModel: 'mapped-xattr' }, ctx);
// Each daemon at each of its cache policies, 9p's modes, the newer guest kernel (6.12 from
// bookworm-backports) and the newer QEMU (10.0 from bookworm-backports) with each daemon and with 9p.
const all: Environment[] = [
  ...(['none', 'auto', 'always'] as const).map((cache) => virtiofs(`virtiofs-c-${cache}`, 'c', cache)),
  ...(['never', 'auto', 'always'] as const).map((cache) => virtiofs(`virtiofs-rust-${cache}`, 'rust', cache)),
  ...(['none', 'mmap', 'loose'] as const).map((cache) => ninep(cache)),
  virtiofs('virtiofs-c-auto-k6.12', 'c', 'auto', { guestKernel: NEW_KERNEL }),
  virtiofs('virtiofs-rust-auto-k6.12', 'rust', 'auto', { guestKernel: NEW_KERNEL }),
  ninep('mmap', '-k6.12', { guestKernel: NEW_KERNEL }),
  virtiofs('virtiofs-c-auto-q10', 'c', 'auto', QEMU_10),
  virtiofs('virtiofs-rust-auto-q10', 'rust', 'auto', QEMU_10),
  ninep('mmap', '-q10', QEMU_10),
];
const picked = process.argv.slice(2);
const environments = picked.length === 0 ? all : all.filter((e) => picked.includes(e.meta.name));
if (environments.length < picked.length) {
  console.error(`bench:vm: no environment named ${picked.filter((n) => !all.some((e) => e.meta.name === n)).join(', ')}; ` +
    `these exist: ${all.map((e) => e.meta.name).join(', ')}`);
  process.exit(2);
}

const figures: Record<string, unknown> = {};
const round = (ms: number) => Number((ms / 1000).toFixed(3));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
try {
  const imageStarted = performance.now();
  const image = await ensureGuestImage({ cacheDir });
  figures['image_ready_s'] = round(performance.now() - imageStarted);
  figures['image'] =
    `${image.kernelPackage.name} ${image.kernelPackage.version}, ${image.bootProtocol} boot, ` +
    `initramfs ${(image.initramfsBytes / 2 ** 20).toFixed(1)} MiB, fio closure ${image.fioClosure}`;

  const fixed: number[] = [];
  const perRun: number[] = [];
  const timedPerRun: number[] = [];
  for (const env of environments) {
    const name = env.meta.name;
    const unsupported = await env.unsupportedReason();
    if (unsupported) {
      figures[`${name}.unsupported`] = unsupported;
      continue;
    }
    const openStarted = performance.now();
    const session = await env.open({ logDir: join(tmp, 'logs', name) });
    const openMs = performance.now() - openStarted;
    const record = session.info.record;
    const bootMs = record.kind === 'host' ? 0 : record.boot_ms;
    figures['accel'] = session.info.accel;
    const overheads: number[] = [];
    const prepare: number[] = [];
    const fioStartExit: number[] = [];
    const timed: number[] = [];
    let closeMs = 0;
    try {
      for (let i = 1; i <= RUNS; i++) {
        const started = performance.now();
        const result = await session.run({ id: `${name}/tiny/r${i}`, args: tinyJob, timeoutMs: 120_000 });
        const wallMs = performance.now() - started;
        if (result.state !== 'completed') throw new Error(`${name} run ${i} ${result.state}: ${result.reason}`);
        const runtimeMs = Math.max(...parseFioJson(result.stdout, `${name} r${i}`).records.map((r) => r.runtime_ms ?? 0));
        overheads.push(wallMs - runtimeMs);
        prepare.push(result.prepareMs);
        fioStartExit.push(result.durationMs - runtimeMs);
        timed.push(wallMs - result.prepareMs - runtimeMs);
      }
    } finally {
      const closeStarted = performance.now();
      await session.close();
      closeMs = performance.now() - closeStarted;
    }
    const fixedMs = bootMs + closeMs;
    fixed.push(fixedMs);
    perRun.push(mean(overheads));
    timedPerRun.push(mean(timed));
    Object.assign(figures, {
      [`${name}.open_s`]: round(openMs),
      [`${name}.boot_to_ready_s`]: round(bootMs),
      [`${name}.teardown_s`]: round(closeMs),
      [`${name}.fixed_s`]: round(fixedMs),
      [`${name}.overhead_per_run_s`]: round(mean(overheads)),
      [`${name}.layout_and_drops_per_run_s`]: round(mean(prepare)),
      [`${name}.fio_startup_exit_per_run_s`]: round(mean(fioStartExit)),
      [`${name}.channel_per_run_s`]: round(mean(overheads) - mean(prepare) - mean(fioStartExit)),
      [`${name}.timed_overhead_per_run_s`]: round(mean(timed)),
    });
  }
  Object.assign(figures, {
    fixed_max_s: round(Math.max(...fixed)),
    overhead_per_run_mean_s: round(mean(perRun)),
    timed_overhead_per_run_mean_s: round(mean(timedPerRun)),
    target_fixed_s: FIXED_TARGET_S,
    target_per_run_s: PER_RUN_TARGET_S,
    load_average_1m: Number(os.loadavg()[0]!.toFixed(2)),
    cpus: os.cpus().length,
  });
  printFigures('vm', figures);
} finally {
  await rm(tmp, { recursive: true, force: true });
}
