import { readFile } from 'node:fs/promises';
import type { EnvKind } from '../types.js';
import { guestImageStatus } from '../guest/image.js';
import { cachedDebianQemus, findStaticBusybox, GUEST_TOOLS, obtainedQemusDir, TOOL_PACKAGES, type DebianQemu } from '@sharebench/guest-image';
import { guestAccel } from '../guest/open-guest.js';
import { findQboot, findQemu, programVersion, qemuHasDaxWindow } from '../guest/qemu-binaries.js';
import { findDaemon } from '../guest/virtiofsd-binaries.js';
import { which } from '@sharebench/host';
import { message } from '../messages.js';

/** One row of `sharebench doctor`. */
export interface DoctorCheck {
  /** What was checked, e.g. `qemu-system-x86_64`. */
  what: string;
  /** Environment kinds that use it. */
  neededBy: readonly EnvKind[];
  /** false: those kinds still run without it (slower, or with a feature reported unsupported). */
  required: boolean;
  status: 'found' | 'missing';
  /** Path and version when found; what it means and how to fix it when missing. */
  detail: string;
  /** The Debian package that provides it; null when no package does (root, /dev/kvm). */
  fixPackage: string | null;
  /** What `doctor --fix` does besides apt-get: unpack Debian 13's Rust virtiofsd into the cache. */
  fix?: 'obtain-rust-virtiofsd' | null;
}

export interface DoctorOptions {
  /** The cache the guest image lives in (EnvContext.cacheDir). */
  cacheDir: string;
  /** Guest kernel package override, as for the environments. */
  kernelPackage?: string | null;
}

const GUESTS: readonly EnvKind[] = ['virtiofs', '9p'];
const ALL: readonly EnvKind[] = ['host', 'virtiofs', '9p'];

/**
 * Checks what the environments need on this machine and says, row by row, what is there, what is
 * missing and which Debian package fixes it. Nothing is installed or built.
 */
export async function runDoctor(options: DoctorOptions): Promise<DoctorCheck[]> {
  const row = (what: string, neededBy: readonly EnvKind[], required: boolean, fixPackage: string | null) =>
    (found: boolean, detail: string): DoctorCheck => ({ what, neededBy, required, status: found ? 'found' : 'missing', detail, fixPackage });

  const [qemu, debianQemus, cDaemon, rustDaemon, fio, numactl, xz, qboot, virtiofsdPackage, patchelf] = await Promise.all([
    findQemu(),
    cachedDebianQemus(options.cacheDir),
    findDaemon('c', options.cacheDir),
    findDaemon('rust', options.cacheDir),
    which('fio'),
    which('numactl'),
    which('xz'),
    findQboot(),
    virtiofsdPackageName(),
    which('patchelf'),
  ]);
  const busybox = await findStaticBusybox().then((path) => ({ path, problem: null }), (err: Error) => ({ path: null, problem: err.message }));
  const isRoot = process.getuid?.() === 0;

  const checks: Promise<DoctorCheck>[] = [
    (async () =>
      row('qemu-system-x86_64', GUESTS, true, 'qemu-system-x86')(
        qemu !== null,
        qemu ? message.doctorFound(qemu, await programVersion(qemu)) : message.doctorQemuMissing(),
      ))(),
    ...debianQemuRows(debianQemus, options.cacheDir),
    Promise.resolve(
      row('virtiofsd', ['virtiofs'], true, virtiofsdPackage)(
        cDaemon !== null || rustDaemon !== null,
        cDaemon ? message.doctorCDaemon(cDaemon.argv, cDaemon.version) : message.doctorCDaemonMissing(),
      ),
    ),
    Promise.resolve({
      ...row('virtiofsd (Rust)', ['virtiofs'], false, null)(
        rustDaemon !== null,
        rustDaemon
          ? message.doctorRustDaemon(rustDaemon.argv.at(-1), rustDaemon.argv[0]!.startsWith(options.cacheDir), rustDaemon.version)
          : message.doctorRustDaemonMissing(),
      ),
      fix: rustDaemon ? null : ('obtain-rust-virtiofsd' as const),
    }),
    Promise.resolve(
      row('patchelf', GUESTS, false, 'patchelf')(
        patchelf !== null,
        patchelf ? message.doctorPatchelf(patchelf) : message.doctorPatchelfMissing(),
      ),
    ),
    (async () =>
      row('fio', ALL, true, 'fio')(
        fio !== null,
        fio ? message.doctorFio(fio, await programVersion(fio)) : message.doctorNotInstalled(),
      ))(),
    ...GUEST_TOOLS.map(async (tool) => {
      const path = await which(tool);
      return row(tool, ALL, false, TOOL_PACKAGES[tool])(
        path !== null,
        path ? message.doctorGuestTool(path, await programVersion(path)) : message.doctorGuestToolMissing(),
      );
    }),
    Promise.resolve(
      row('busybox-static', GUESTS, true, 'busybox-static')(
        busybox.path !== null,
        busybox.path ? message.doctorBusybox(busybox.path) : busybox.problem!,
      ),
    ),
    Promise.resolve(
      row('numactl', GUESTS, false, 'numactl')(numactl !== null, numactl ? `${numactl}` : message.doctorNumactlMissing()),
    ),
    accelCheck(options),
    Promise.resolve(
      row('root', ['virtiofs'], true, null)(
        isRoot,
        isRoot ? message.doctorRoot() : message.doctorNotRoot(),
      ),
    ),
    (async () => {
      const dax = qemu ? await qemuHasDaxWindow(qemu) : false;
      return row('virtio-fs DAX window', ['virtiofs'], false, null)(
        dax,
        dax ? message.doctorDax() : message.doctorNoDax(),
      );
    })(),
    Promise.resolve(
      row('xz', GUESTS, false, 'xz-utils')(
        xz !== null,
        xz ? message.doctorXz(xz) : message.doctorXzMissing(),
      ),
    ),
    Promise.resolve(
      row('qboot firmware', GUESTS, false, 'qemu-system-data')(
        qboot !== null,
        qboot ? message.doctorQboot(qboot) : message.doctorQbootMissing(),
      ),
    ),
    guestImageCheck(options),
  ];
  return Promise.all(checks);
}

// What accel "auto" picks for guests, and why; probes only with an image already built.
async function accelCheck(options: DoctorOptions): Promise<DoctorCheck> {
  const base = { what: 'accelerator (KVM)', neededBy: GUESTS, required: false, fixPackage: null };
  try {
    const choice = await guestAccel(
      { accel: 'auto', qemuPath: null, qemuPackage: null, guestKernel: null },
      { cacheDir: options.cacheDir, scratchRoot: '' },
      { kernelPackage: options.kernelPackage ?? null },
      false,
    );
    if (choice.accel === 'kvm') {
      return { ...base, status: 'found', detail: message.doctorKvm(choice.reason, choice.probe !== null) };
    }
    const reason = choice.accel === null ? choice.unsupported : choice.reason;
    return { ...base, status: 'missing', detail: message.doctorTcg(reason) };
  } catch (err) {
    return { ...base, status: 'missing', detail: message.doctorUndecided((err as Error).message) };
  }
}

async function guestImageCheck(options: DoctorOptions): Promise<DoctorCheck> {
  const base = { what: 'guest image', neededBy: GUESTS, required: true, fixPackage: null };
  const [aptGet, dpkgDeb] = await Promise.all([which('apt-get'), which('dpkg-deb')]);
  try {
    const image = await guestImageStatus({ cacheDir: options.cacheDir, kernelPackage: options.kernelPackage ?? null });
    if (image.built) return { ...base, status: 'found', detail: message.doctorImageBuilt(image.dir, image.kernel) };
    if (!aptGet || !dpkgDeb) return { ...base, status: 'missing', detail: message.doctorImageNoApt() };
    return { ...base, status: 'found', detail: message.doctorImageOnFirstUse(image.dir, image.kernel) };
  } catch (err) {
    return { ...base, status: 'missing', detail: message.doctorImageCannotBuild((err as Error).message) };
  }
}

// One row per QEMU unpacked from Debian packages, or one saying how to get one.
function debianQemuRows(qemus: readonly DebianQemu[], cacheDir: string): Promise<DoctorCheck>[] {
  const base = { neededBy: GUESTS, required: false, fixPackage: null };
  if (qemus.length === 0) {
    return [
      Promise.resolve({
        ...base,
        what: 'QEMU from Debian packages',
        status: 'missing',
        detail: message.doctorNoDebianQemu(obtainedQemusDir(cacheDir)),
      }),
    ];
  }
  return qemus.map((q) =>
    Promise.resolve({
      ...base,
      what: `QEMU ${q.packageVersion}`,
      status: 'found',
      detail: message.doctorDebianQemu({ ...q, packages: q.packages.length }),
    }),
  );
}

// Debian 12 ships the C virtiofsd in qemu-system-common; later releases package the Rust one as `virtiofsd`.
async function virtiofsdPackageName(): Promise<string> {
  const osRelease = await readFile('/etc/os-release', 'utf8').catch(() => '');
  const version = Number(/^VERSION_ID="?(\d+)/m.exec(osRelease)?.[1] ?? '12');
  return version >= 13 ? 'virtiofsd' : 'qemu-system-common';
}
