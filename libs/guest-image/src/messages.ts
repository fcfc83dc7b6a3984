/**
 * Every text of the guest image that users read, in one place: host programs it needs, Debian
 * packages it cannot fetch or unpack, guest kernels it refuses, binaries and archives it cannot
 * build. Each says what was wrong, the value, and what to do.
 */

export const message = {
  // Host programs the image needs.
  busyboxDynamic: (candidate: string) => `${candidate} is dynamically linked; the guest needs a static busybox: apt-get install busybox-static`,
  busyboxMissing: () => 'busybox is not installed; the guest image needs it: apt-get install busybox-static',
  fioMissing: () => 'fio is not installed; apt-get install fio',
  patchelfMissing: () => 'patchelf is not installed (it points unpacked Debian binaries at their own libraries); apt-get install patchelf',
  dpkgMissing: () => 'dpkg-deb and dpkg-query are needed to unpack Debian packages; this is not a Debian host',
  cannotDecompressModule: (tool: string, path: string) =>
    `${tool} could not decompress ${path}; install ${tool === 'xz' ? 'xz-utils' : 'zstd'}`,
  imageBeingBuilt: (key: string, holder: string) => `the guest image ${key} is being built by ${holder}`,

  // The guest kernel.
  kernelSuiteHasNone: (asked: string, suite: string) =>
    `guest kernel ${JSON.stringify(asked)}: ${suite}'s linux-image-amd64 names no kernel package apt can fetch`,
  kernelNotAPackageName: (asked: string) =>
    `guest kernel ${JSON.stringify(asked)} is not a Debian kernel package name; use e.g. linux-image-6.1.0-50-amd64`,
  kernelCloudFlavour: (name: string) =>
    `guest kernel ${name}: the -cloud- flavour has no 9p support; use the plain -amd64 package, e.g. ${name.replace('-cloud-', '-')}`,
  kernelUnknownToApt: (name: string, suites: readonly string[]) =>
    `guest kernel package ${name} is not known to apt (apt-cache policy ${name}) nor to ${suites.join(' or ')}; ` +
    `run apt-get update, pick another with apt-cache search --names-only '^linux-image-.*-amd64$', or name a suite (${suites.join(', ')})`,
  kernelNotFound: (env: string) =>
    'could not find a Debian kernel package for the guest (apt-cache depends linux-image-amd64 gave nothing usable); ' +
    `set ${env}=linux-image-<version>-amd64`,
  kernelSuiteNeedsCache: () => "a guest kernel from another Debian suite needs a cache directory for sharebench's private apt state",
  kernelDownloadFailed: (pkg: string, exitCode: number | undefined, tail: string) =>
    `apt-get download ${pkg} failed (exit ${exitCode}): ${tail}; the guest image needs Debian's package mirrors`,
  kernelDownloadLeftNoDeb: (name: string, dir: string) => `apt-get download ${name} reported success but left no .deb in ${dir}`,
  kernelModuleTrees: (deb: string, count: number, modulesRoot: string) => `${deb} has ${count} module trees under ${modulesRoot}; expected one`,
  kernelNoModuleTree: (deb: string, name: string) => `${deb} has no lib/modules tree; is ${name} a kernel image package?`,
  moduleCycle: (chain: readonly string[]) => `kernel module dependency cycle: ${chain.join(' -> ')}`,
  moduleMissing: (name: string, neededBy: string | undefined) =>
    `kernel module ${name}${neededBy ? ` (needed by ${neededBy})` : ''} is neither in the kernel package nor built in`,

  // Debian packages through the private apt.
  aptUpdateFailed: (suites: readonly string[], exitCode: number | undefined, tail: string) =>
    `apt-get update for ${suites.join(', ')} failed (exit ${exitCode}): ${tail}; these need Debian's mirrors`,
  aptDownloadFailed: (specs: readonly string[], exitCode: number | undefined, tail: string) =>
    `apt-get download ${specs.join(' ')} failed (exit ${exitCode}): ${tail}`,
  aptDownloadLeftNoDeb: (name: string, dir: string) => `apt-get download ${name} left no .deb in ${dir}`,
  dependencyUnparsable: (alt: string) => `cannot parse the dependency ${JSON.stringify(alt)}`,
  dependencyNotInSuite: (name: string, root: string, version: string) => `the suite has no ${name}, which ${root} ${version} is obtained with`,
  dependencyUnmet: (name: string, version: string, what: string) =>
    `${name} ${version} needs ${what}: this host does not have it and the suite has no version that fits`,
  suiteHasNoPackage: (suite: string, pkg: string) => `${suite} has no ${pkg}`,
  suitesHaveNoVersion: (suites: readonly string[], pkg: string, version: string, known: string) =>
    `${suites.join(' and ')} have no ${pkg} ${version}; they have ${known || 'none'}: give one of these or a suite name`,
  aptHasNoRecord: (pkg: string, version: string) => `apt has no record of ${pkg} ${version}`,
  cannotObtainQemu: (version: string, suite: string, why: string) => `cannot obtain QEMU ${version} from ${suite}: ${why}`,
  unpackedDoesNotStart: (what: string, version: string, tail: string) => `the unpacked ${what} ${version} does not start: ${tail}`,
  unpackedNoVersion: (what: string, version: string, dir: string) => `${what} ${version} was unpacked into ${dir} but does not answer --version`,
  trixieHasNoPackage: (name: string) => `trixie has no package ${name}; cannot obtain the Rust virtiofsd`,
  patchelfFailed: (args: readonly string[], exitCode: number | undefined, tail: string) =>
    `patchelf ${args.join(' ')} failed (exit ${exitCode}): ${tail}`,

  // Binaries the guest carries.
  libraryNotFound: (program: string, name: string) => `${program} needs ${name}, which the dynamic loader could not find on this host`,
  loaderListFailed: (interpreter: string, program: string, exitCode: number | undefined, stderr: string) =>
    `${interpreter} --list ${program} failed (exit ${exitCode}): ${stderr}`,
  guestToolDoesNotRun: (tool: string, argv: readonly string[], exitCode: number | undefined, said: string | undefined) =>
    `the guest's ${tool} does not run: ${argv.join(' ')} exited ${exitCode ?? 'without a code'}: ${said}`,
  notElf: (what: string) => `${what} is not an ELF file`,
  notElf64: (what: string) => `${what} is not a 64-bit little-endian ELF file`,
  elfPastEnd: (what: string) => `${what}: ELF structure points past the end of the file`,
  notKernelModule: (what: string, type: number) => `${what} is not a kernel module (ELF type ${type})`,
  noModinfo: (what: string) => `${what} has no .modinfo section; is it a kernel module?`,
  noDynamicSymbols: (what: string) => `${what} has no dynamic symbol table`,

  // Archives.
  tarPathUnclean: (path: string) => `tar: ${JSON.stringify(path)} is not a clean relative path`,
  tarPathTooLong: (path: string) => `tar: ${JSON.stringify(path)} is too long for a ustar header (100 bytes, or 155 + 100 split at a slash)`,
  tarFieldOverflow: (value: number, width: number) => `tar: ${value} does not fit a ${width}-byte octal field`,
  cpioPathUnclean: (path: string) => `cpio: ${JSON.stringify(path)} is not a clean path inside the archive`,
  cpioFieldOverflow: (n: number) => `cpio: field value ${n} does not fit 32 bits`,
} as const;
