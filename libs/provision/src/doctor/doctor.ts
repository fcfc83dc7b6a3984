import { readFile } from 'node:fs/promises';
import type { EnvKind } from '../types.js';
import { guestImageStatus } from '../guest/image.js';
import { cachedDebianQemus, findStaticBusybox, GUEST_TOOLS, obtainedQemusDir, TOOL_PACKAGES, type DebianQemu } from '@sharebench/guest-image';
import { guestAccel } from '../guest/open-guest.js';
import { findQboot, findQemu, programVersion, qemuHasDaxWindow } from '../guest/qemu-binaries.js';
import { findDaemon } from '../guest/virtiofsd-binaries.js';
import { which } from '@sharebench/host';

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
        qemu ? `${qemu}: ${await programVersion(qemu)}` : 'not installed; guests cannot boot',
      ))(),
    ...debianQemuRows(debianQemus, options.cacheDir),
    Promise.resolve(
      row('virtiofsd', ['virtiofs'], true, virtiofsdPackage)(
        cDaemon !== null || rustDaemon !== null,
        cDaemon ? `C: ${cDaemon.argv.join(' ')}: ${cDaemon.version}` : 'C: not installed (QEMU <= 7.2 shipped it, as /usr/lib/qemu/virtiofsd in Debian 12)',
      ),
    ),
    Promise.resolve({
      ...row('virtiofsd (Rust)', ['virtiofs'], false, null)(
        rustDaemon !== null,
        rustDaemon
          ? `Rust: ${rustDaemon.argv.at(-1)}` +
            `${rustDaemon.argv[0]!.startsWith(options.cacheDir) ? ' (unpacked from Debian 13, relinked to its own glibc)' : ''}: ` +
            `${rustDaemon.version}; envs without "daemon" use it`
          : 'Rust: not installed; envs without "daemon" use the C one; ' +
            'sharebench doctor --fix unpacks Debian 13\'s virtiofsd (and the glibc it needs) into the cache',
      ),
      fix: rustDaemon ? null : ('obtain-rust-virtiofsd' as const),
    }),
    Promise.resolve(
      row('patchelf', GUESTS, false, 'patchelf')(
        patchelf !== null,
        patchelf
          ? `${patchelf}: relinks unpacked Debian binaries (the Rust virtiofsd, QEMUs from Debian packages) to their own libraries`
          : 'not installed: doctor --fix cannot unpack the Rust virtiofsd, and envs whose "qemu" names a Debian suite or version are unsupported',
      ),
    ),
    (async () =>
      row('fio', ALL, true, 'fio')(
        fio !== null,
        fio ? `${fio}: ${await programVersion(fio)} (the guest image carries this same binary)` : 'not installed',
      ))(),
    ...GUEST_TOOLS.map(async (tool) => {
      const path = await which(tool);
      return row(tool, ALL, false, TOOL_PACKAGES[tool])(
        path !== null,
        path
          ? `${path}: ${await programVersion(path)} (guest images carry this same binary)`
          : 'not installed; only the developer-loop jobs (devloop) need it, and fail without it',
      );
    }),
    Promise.resolve(
      row('busybox-static', GUESTS, true, 'busybox-static')(
        busybox.path !== null,
        busybox.path ? `${busybox.path} (statically linked)` : busybox.problem!,
      ),
    ),
    Promise.resolve(
      row('numactl', GUESTS, false, 'numactl')(numactl !== null, numactl ? `${numactl}` : 'not installed; only environments with numa pinning need it'),
    ),
    accelCheck(options),
    Promise.resolve(
      row('root', ['virtiofs'], true, null)(
        isRoot,
        isRoot
          ? 'running as root: virtiofsd can sandbox itself, and runs drop the host page cache'
          : 'not root: virtiofsd cannot start and the host page cache is not dropped between layout and run; run as root',
      ),
    ),
    (async () => {
      const dax = qemu ? await qemuHasDaxWindow(qemu) : false;
      return row('virtio-fs DAX window', ['virtiofs'], false, null)(
        dax,
        dax
          ? "QEMU's vhost-user-fs-pci has cache-size"
          : "QEMU's vhost-user-fs-pci has no cache-size property: virtio-fs environments with dax are reported unsupported",
      );
    })(),
    Promise.resolve(
      row('xz', GUESTS, false, 'xz-utils')(
        xz !== null,
        xz
          ? `${xz}: unpacks the guest kernel for a direct (PVH) boot`
          : 'not installed: guests boot the compressed kernel through the firmware, about a second slower',
      ),
    ),
    Promise.resolve(
      row('qboot firmware', GUESTS, false, 'qemu-system-data')(
        qboot !== null,
        qboot ? `${qboot}: fast guest firmware` : 'not installed: guests use SeaBIOS, slower to boot',
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
      const pending = choice.probe === null ? ' (host checks pass; the probe boot runs with the first guest, once the image is built)' : '';
      return { ...base, status: 'found', detail: `guests use KVM: ${choice.reason}${pending}` };
    }
    const reason = choice.accel === null ? choice.unsupported : choice.reason;
    return { ...base, status: 'missing', detail: `guests run under TCG (emulation: slower, results not representative; not an error): ${reason}` };
  } catch (err) {
    return { ...base, status: 'missing', detail: `could not be decided: ${(err as Error).message}` };
  }
}

async function guestImageCheck(options: DoctorOptions): Promise<DoctorCheck> {
  const base = { what: 'guest image', neededBy: GUESTS, required: true, fixPackage: null };
  const [aptGet, dpkgDeb] = await Promise.all([which('apt-get'), which('dpkg-deb')]);
  try {
    const image = await guestImageStatus({ cacheDir: options.cacheDir, kernelPackage: options.kernelPackage ?? null });
    if (image.built) return { ...base, status: 'found', detail: `built: ${image.dir} (${image.kernel})` };
    if (!aptGet || !dpkgDeb) return { ...base, status: 'missing', detail: 'not built, and apt-get/dpkg-deb are missing to fetch the guest kernel' };
    return {
      ...base,
      status: 'found',
      detail: `not built yet; built on first use into ${image.dir} from ${image.kernel} (downloads it from the Debian mirrors)`,
    };
  } catch (err) {
    return { ...base, status: 'missing', detail: `cannot be built: ${(err as Error).message}` };
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
        detail:
          `none obtained: an env with "qemu": "bookworm-backports" (QEMU 10.0), "trixie" or a qemu-system-x86 version ` +
          `unpacks one into ${obtainedQemusDir(cacheDir)} on first use (optional; guests use the host's QEMU otherwise)`,
      }),
    ];
  }
  return qemus.map((q) =>
    Promise.resolve({
      ...base,
      what: `QEMU ${q.packageVersion}`,
      status: 'found',
      detail:
        `${q.path}: ${q.version}, from ${q.suite} (${q.packages.length} packages unpacked, its firmware, ` +
        `${q.ownLoader ? 'its own glibc' : "the host's glibc"}); envs with "qemu": "${q.suite}" or "${q.packageVersion}" use it`,
    }),
  );
}

// Debian 12 ships the C virtiofsd in qemu-system-common; later releases package the Rust one as `virtiofsd`.
async function virtiofsdPackageName(): Promise<string> {
  const osRelease = await readFile('/etc/os-release', 'utf8').catch(() => '');
  const version = Number(/^VERSION_ID="?(\d+)/m.exec(osRelease)?.[1] ?? '12');
  return version >= 13 ? 'virtiofsd' : 'qemu-system-common';
}
