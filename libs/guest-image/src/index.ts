export { ensureGuestImage, builtGuestImage, guestImageStatus } from './guest-image.js';
export type { GuestImageOptions } from './guest-image.js';
export type { GuestImage } from './build-image.js';
export {
  collectImageInputs,
  imageKey,
  findStaticBusybox,
  FIO_CLOSURE_ENV,
  GUEST_MODULES,
  OPTIONAL_GUEST_MODULES,
} from './image-inputs.js';
export type { FioClosure, ImageInputs, ImageInputOptions } from './image-inputs.js';
export { GUEST_TOOLS, TOOL_PACKAGES, findHostTool, checkTool, programClosure } from './guest-tools.js';
export type { GuestTool, HostTool, ImageTool } from './guest-tools.js';
export { KERNEL_PACKAGE_ENV, pickKernelPackage } from './kernel-package.js';
export type { KernelPackage } from './kernel-package.js';
export { encodeCpioArchive, encodeCpioEntry } from './cpio.js';
export { readElf } from './elf.js';
export type { ElfInfo } from './elf.js';
export type { CpioEntry } from './cpio.js';
export { encodeTarArchive, encodeTarEntry, tarEnd } from './ustar.js';
export type { TarEntry } from './ustar.js';
export { PrivateApt, EXTRA_SUITES, DEBIAN_MIRROR_ENV } from './debian/private-apt.js';
export type { ExtraSuite } from './debian/private-apt.js';
export {
  obtainRustVirtiofsd,
  cachedRustVirtiofsd,
  obtainedDaemonsDir,
  unpackedDaemonArgv,
} from './debian/obtain-virtiofsd.js';
export {
  obtainDebianQemu,
  cachedDebianQemus,
  debianQemu,
  obtainedQemusDir,
  parseQemuPackageRequest,
} from './debian/obtain-qemu.js';
export type { DebianQemu, QemuPackageRequest } from './debian/obtain-qemu.js';
export { dependencyClosure, parseDepends, formatClause } from './debian/dependency-closure.js';
export type { ClosureSources, PackageRecord, Relation, VersionOp } from './debian/dependency-closure.js';
export { relinkUnpacked } from './debian/relink.js';
