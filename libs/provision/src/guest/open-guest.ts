import { totalmem } from 'node:os';
import type { NinepSession, VirtiofsSession } from '@sharebench/core';
import { rmSync } from 'node:fs';
import { access, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtGuestImage, ensureGuestImage } from './image.js';
import type { GuestImage, FioClosure } from '@sharebench/guest-image';
import { findStaticBusybox } from '@sharebench/guest-image';
import type { EnvContext, GuestOptions } from '../spec.js';
import { onAbruptExit, which } from '@sharebench/host';
import { chooseAccel, type AccelChoice } from '../accel/accel.js';
import type { ProbeTarget } from '../accel/kvm-probe.js';
import { guestQemu, programVersion } from './qemu-binaries.js';
import { EnvironmentError, type OpenOptions, type Session } from '../types.js';
import { bootGuest, type GuestLaunch } from './guest-session.js';
import type { ExpectedMount } from './check-mount.js';
import { kernelCmdline, type GuestFault } from './kernel-cmdline.js';
import { qemuArgv, type SharePlan } from './qemu-argv.js';
import { prepareSharedDir } from './shared-dir.js';
import { appendToInitrd } from './guest-initrd.js';
import { ensureTreeArchives, type TreeArchives } from '../tree/tree-tarball.js';
import { ensureDevloopKit, type DevloopKit } from '../devloop/devloop-kit.js';
import { probeForGuest } from '../semantics/semantics-run.js';
import { oneLine } from '@sharebench/core';
import { message } from '../messages.js';

/** Options of the guest environments beyond their spec. */
export interface GuestEnvOptions {
  /** Debian kernel package for the guest (default: the distribution's current one; see pickKernelPackage). */
  kernelPackage?: string | null;
  /** fio's libraries in the guest (default: SHAREBENCH_GUEST_FIO_CLOSURE, else `trimmed`; see trimFioClosure). */
  fioClosure?: FioClosure | null;
  /** How long a boot may take until the share is mounted and checked, ms (default 90 s under TCG, 30 s under KVM). */
  bootTimeoutMs?: number;
  /**
   * Test-only knobs for the failure paths: a fault the guest init injects (`sharebench.fault=` on
   * the kernel command line) and a mount tag for the guest that differs from the device's.
   */
  testing?: { fault?: GuestFault; guestTag?: string };
}

/** The file-system-specific part of a guest environment, decided once its directories exist. */
export interface ShareSetup {
  kind: 'virtiofs' | '9p';
  share: SharePlan;
  mountOptions: string;
  expectedMount: ExpectedMount;
  daemon: { argv: string[]; socketPath: string; logPath: string } | null;
  /** What the session record says of the share (cache mode, daemon, ...). */
  record: ShareRecord;
}

/** The file-system-specific fields of a guest's session record. */
export type ShareRecord =
  | Pick<
      VirtiofsSession,
      'kind' | 'daemon' | 'cache' | 'xattr' | 'thread_pool_size' | 'allow_direct_io' | 'allow_mmap' | 'inode_file_handles' | 'dax_window_bytes'
    >
  | Pick<NinepSession, 'kind' | 'cache' | 'msize' | 'security_model'>;

const MiB = 1024 * 1024;

/** Problems common to both guest kinds that make the environment impossible here, or null. */
export async function guestUnsupportedReason(spec: GuestOptions, ctx: EnvContext, options: GuestEnvOptions): Promise<string | null> {
  // A Debian QEMU is obtained here, before any guest boots: a version the archive lacks is a reason, not a failed run.
  const qemu = await guestQemu(spec, ctx.cacheDir, true);
  if (qemu && 'unsupported' in qemu) return qemu.unsupported;
  // The guest's memory is one shared memfd the host must back: a guest sized for bigger hardware
  // (the seed's 64 GiB) cannot run here, which is a fact about this machine, not a failure.
  const hostMemory = totalmem();
  if (spec.memoryBytes > hostMemory * 0.9) {
    return message.guestTooBig(Math.round(spec.memoryBytes / MiB / 1024), (hostMemory / 1024 ** 3).toFixed(1));
  }
  if (spec.numa !== null) {
    if (!(await which('numactl'))) return message.numactlMissing(spec.numa);
    const exists = await access(`/sys/devices/system/node/node${spec.numa}`).then(() => true, () => false);
    if (!exists) return message.noNumaNode(spec.numa);
  }
  if (!(await which('fio'))) return message.fioMissing();
  try {
    await findStaticBusybox();
  } catch (err) {
    return (err as Error).message;
  }
  if (spec.accel === 'kvm') {
    // Decided before any guest boots: the probe needs the image, which is built here if missing.
    const choice = await guestAccel(spec, ctx, options, true);
    if (choice.accel === null) return choice.unsupported;
  }
  return null;
}

/**
 * The accelerator for a guest (see chooseAccel), probing with this guest's own image. With
 * `buildImage` false and no image built yet, the verdict rests on the host checks alone.
 */
export async function guestAccel(
  spec: Pick<GuestOptions, 'accel' | 'qemuPath' | 'qemuPackage' | 'guestKernel'>,
  ctx: EnvContext,
  options: GuestEnvOptions,
  buildImage: boolean,
): Promise<AccelChoice> {
  const target = async (): Promise<ProbeTarget | null> => {
    const found = await guestQemu(spec, ctx.cacheDir, buildImage);
    if (!found || 'unsupported' in found) return null;
    const { qemu } = found;
    const imageOptions = { cacheDir: ctx.cacheDir, kernelPackage: options.kernelPackage ?? spec.guestKernel, fioClosure: options.fioClosure ?? null };
    const image = buildImage ? await ensureGuestImage(imageOptions) : await builtGuestImage(imageOptions);
    if (!image) return null;
    const firmwarePath = image.bootProtocol === 'pvh' ? qemu.qbootPath : null;
    return {
      qemuPath: qemu.path,
      firmwarePath,
      firmwareDirs: qemu.firmwareDirs,
      kernelPath: image.kernelPath,
      initramfsPath: image.initramfsPath,
      imageKey: image.key,
    };
  };
  return chooseAccel(spec.accel, { cacheDir: ctx.cacheDir, target });
}

/** What a virtio-fs or 9p environment adds to the common guest machinery. */
export interface GuestParts {
  name: string;
  spec: GuestOptions;
  ctx: EnvContext;
  options: GuestEnvOptions;
  /** The environment's full unsupportedReason (common checks included). */
  unsupportedReason: () => Promise<string | null>;
  setupShare: (paths: { sharedDir: string; runDir: string; logDir: string; pin: string[] }) => Promise<ShareSetup>;
}

/**
 * Everything an open() of a guest environment does before and around the boot: the image (built
 * on first use), the shared directory, the accelerator, the sockets' private directory, the
 * argv, then the boot itself. Throws EnvironmentError on every failure.
 */
export async function openGuest(parts: GuestParts, open: OpenOptions): Promise<Session> {
  const { name, spec, ctx, options } = parts;
  const fail = (what: string, cause?: unknown) => new EnvironmentError(name, message.envFailed(name, what), { cause });
  if (open.signal?.aborted) throw fail(message.interruptedBeforeGuest());
  const unsupported = await parts.unsupportedReason();
  if (unsupported) throw fail(message.unsupportedHere(unsupported));
  await mkdir(open.logDir, { recursive: true });

  let image: GuestImage;
  try {
    image = await ensureGuestImage({
      cacheDir: ctx.cacheDir,
      kernelPackage: options.kernelPackage ?? spec.guestKernel,
      fioClosure: options.fioClosure ?? null,
    });
  } catch (err) {
    throw fail(message.imageNotBuilt(join(ctx.cacheDir, 'guest'), (err as Error).message), err);
  }
  let sharedDir: string;
  try {
    sharedDir = await prepareSharedDir(spec.sharedDir, ctx.scratchRoot, name);
  } catch (err) {
    throw fail((err as Error).message, err);
  }
  let choice: AccelChoice;
  try {
    choice = await guestAccel(spec, ctx, options, true);
  } catch (err) {
    throw fail(message.accelUndecided((err as Error).message), err);
  }
  if (choice.accel === null) throw fail(message.unsupportedHere(choice.unsupported));
  let tree: TreeArchives | null = null;
  try {
    tree = open.tree ? await ensureTreeArchives(open.tree, ctx.cacheDir) : null;
  } catch (err) {
    throw fail(message.treeTarballFailed(join(ctx.cacheDir, 'tree'), (err as Error).message), err);
  }
  let kit: DevloopKit | null = null;
  try {
    kit = open.devloop ? await ensureDevloopKit(open.devloop, ctx.cacheDir) : null;
  } catch (err) {
    throw fail(message.devloopKitFailed(join(ctx.cacheDir, 'devloop'), (err as Error).message), err);
  }
  // A probe that cannot be built fails the semantics run with why, not the environment.
  const probe = open.semantics ? await probeForGuest(ctx.cacheDir).then((p) => p, (err: unknown) => ({ error: oneLine(err) })) : null;
  const accel = choice.accel;
  const found = await guestQemu(spec, ctx.cacheDir, true);
  if (!found || 'unsupported' in found) throw fail(message.unsupportedHere(found?.unsupported ?? message.noQemu()));
  const qemu = found.qemu;
  const numactlPath = spec.numa === null ? null : await which('numactl');
  const pin = spec.numa === null ? [] : [numactlPath!, `--cpunodebind=${spec.numa}`, `--membind=${spec.numa}`];

  const runDir = await mkdtemp(join(tmpdir(), `sb-${process.pid}-`));
  const forgetRunDir = onAbruptExit(() => rmSync(runDir, { recursive: true, force: true }));
  try {
    const setup = await parts.setupShare({ sharedDir, runDir, logDir: open.logDir, pin });
    // The tree's tarball and the devloop kit ride in the initrd (they land in the guest's RAM), never through the share.
    const extra = [...(tree ? [tree.cpioPath] : []), ...(kit ? [kit.cpioPath] : []), ...(probe && 'cpioPath' in probe ? [probe.cpioPath] : [])];
    const initramfsPath = extra.length > 0 ? await appendToInitrd(image.initramfsPath, extra, join(runDir, 'initrd')) : image.initramfsPath;
    const serialLogPath = join(open.logDir, 'serial.log');
    const channelSocketPath = join(runDir, 'channel.sock');
    const cmdline = kernelCmdline({
      fs: setup.kind,
      tag: options.testing?.guestTag ?? setup.share.tag,
      mountOptions: setup.mountOptions,
      fault: options.testing?.fault ?? null,
    });
    const argv = qemuArgv({
      qemuPath: qemu.path,
      numactlPath,
      numaNode: spec.numa,
      name: `sharebench-${name}`,
      accel,
      vcpus: spec.vcpus,
      memoryBytes: spec.memoryBytes,
      firmwarePath: image.bootProtocol === 'pvh' ? qemu.qbootPath : null,
      firmwareDirs: qemu.firmwareDirs,
      kernelPath: image.kernelPath,
      initramfsPath,
      cmdline,
      serialLogPath,
      channelSocketPath,
      share: setup.share,
    });
    const launch: GuestLaunch = {
      env: name,
      runDir,
      forgetRunDir,
      channelSocketPath,
      sharedDir,
      serialLogPath,
      qemuLogPath: join(open.logDir, 'qemu.log'),
      qemuArgv: argv,
      daemon: setup.daemon,
      expectedMount: setup.expectedMount,
      stubbedLibraries: image.stubbedLibraries,
      tree: tree ? { entries: tree.entries, files: tree.files } : null,
      devloop: kit !== null,
      probe: probe && 'cpioPath' in probe ? { path: probe.path } : probe,
      tools: image.tools.map((t) => t.name),
      accel,
      bootTimeoutMs: options.bootTimeoutMs ?? (accel === 'kvm' ? 30_000 : 90_000),
      record: {
        ...setup.record,
        qemu: { version: await programVersion(qemu.path), argv },
        accel,
        accel_reason: choice.reason,
        accel_probe: choice.probe ? { kvm_ms: choice.probe.kvmMs, tcg_ms: choice.probe.tcgMs, probed_at: choice.probe.probedAt } : null,
        vcpus: spec.vcpus,
        memory_bytes: spec.memoryBytes,
        numa: spec.numa,
        shared_dir: sharedDir,
        kernel_cmdline: cmdline,
        image: {
          key: image.key,
          kernel_package: image.kernelPackage,
          kernel_release: image.kernelRelease,
          boot_protocol: image.bootProtocol,
          fio_closure: image.fioClosure,
          stubbed_libraries: image.stubbedLibraries,
          dir: image.dir,
        },
      },
    };
    return await bootGuest(launch, open.signal);
  } catch (err) {
    await rm(runDir, { recursive: true, force: true });
    forgetRunDir();
    if (err instanceof EnvironmentError) throw err;
    throw fail((err as Error).message, err);
  }
}
