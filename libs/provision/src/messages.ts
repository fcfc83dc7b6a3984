/**
 * Every text of provision that users read, in one place: refused env specs and share directories,
 * why an environment is unsupported here, why a guest did not come up, the reasons recorded with
 * failed runs, the semantics probe's rows and refusals, and `sharebench doctor`'s rows. Each says
 * what was wrong, the value, and what to do.
 */

export const message = {
  // Env specs (the campaign reader's errors and the environments' refusals).
  specProblem: (env: string, problem: string) => `${env}: ${problem}`,
  tagEmpty: (kind: string) => `${kind} mount tag is empty; give a tag such as "sharebench"`,
  tagTooLong: (kind: string, tag: string, bytes: number, max: number) =>
    `${kind} mount tag ${JSON.stringify(tag)} is ${bytes} bytes; the limit is ${max} bytes (a ${kind} tag is at most ${max} bytes), use a shorter tag`,
  tagBadCharacter: (kind: string, tag: string) =>
    `${kind} mount tag ${JSON.stringify(tag)} contains a space or control character; use letters, digits, '.', '_', '-'`,
  vcpusOutOfRange: (vcpus: number, max: number) => `vcpus ${vcpus} is not a whole number from 1 to ${max}`,
  memoryNotMiB: (bytes: number) => `guest memory ${bytes} bytes is not a whole number of MiB`,
  memoryTooSmall: (mib: number) =>
    `guest memory ${mib} MiB is too small: the guest keeps fio and its libraries in RAM; give at least 256 MiB`,
  msizeOutOfRange: (msize: number, min: number, max: number) => `msize ${msize} is not a whole number of bytes from ${min} to ${max}`,
  threadPoolNegative: (size: number) => `thread pool size ${size} is not a whole number >= 0`,
  qemuKeyUnknown: (value: string, suites: readonly string[]) =>
    `${JSON.stringify(value)} is neither a path to a qemu-system-x86_64, nor a Debian suite (${suites.join(', ')}), ` +
    'nor a qemu-system-x86 package version such as "1:10.0.2+ds-2+deb13u1~bpo12+1"; give one of these',
  qemuOptionNul: (value: string) => `QEMU option value ${JSON.stringify(value)} contains a NUL byte`,
  virtiofsdOptionNul: (value: string) => `virtiofsd option value ${JSON.stringify(value)} contains a NUL byte`,

  // Share directories (shareDirProblem): `refusing to <verb> <shown>: <why>; <instead>`.
  shareShown: (absolute: string, resolved: string) => (resolved === absolute ? absolute : `${absolute} (it resolves to ${resolved})`),
  shareRefused: (verb: 'share' | 'make shares in', shown: string, why: string, instead: string) =>
    `refusing to ${verb} ${shown}: ${why}; ${instead}`,
  shareIsRoot: (holds: string) => `that is ${holds}`,
  shareIsContainer: (tree: string, holds: string) => `${tree} holds ${holds}`,
  shareInSystemTree: (tree: string, inside: boolean, holds: string) =>
    `${inside ? `it is inside ${tree}` : `it is ${tree}`} (${holds}), which a benchmark may not write into`,
  shareIsHome: (home: string) => `it is the home directory ${home}`,
  shareHoldsHome: (home: string) => `it holds the home directory ${home}`,
  shareCannotExamine: (code: string) => `it cannot be examined (${code})`,
  shareNotDirectory: () => 'it is not a directory',
  shareCannotList: (code: string) => `it cannot be listed (${code})`,
  shareForeignMarker: (marker: string) => `its ${marker} is not one sharebench wrote`,
  shareNotEmpty: (listed: readonly string[], more: number) =>
    `it is not empty and not sharebench's (it holds ${listed.join(', ')}${more > 0 ? ` and ${more} more` : ''}; a guest may rewrite anything in a share)`,
  shareInsteadOutsideSystem: (dir: string) => `give a directory outside the system's, e.g. ${dir}`,
  shareInsteadOwnDir: (dir: string) => `give an empty directory of its own, e.g. ${dir}`,
  shareInsteadBelow: (dir: string) => `give an empty directory of its own below it, e.g. ${dir}`,
  shareInsteadInsideHome: (dir: string) => `give an empty directory inside it, e.g. ${dir}`,
  shareInsteadOwnDirOnDisk: (dir: string) => `give an empty directory of its own, e.g. ${dir} if that is on the disk you want`,
  shareInsteadReadable: () => 'give a directory sharebench can read',
  shareInsteadDirectory: (path: string) => `give a directory, e.g. ${path}.d`,
  shareInsteadSubdir: (dir: string) => `use an empty subdirectory, e.g. ${dir}`,
  shareInsteadRemoveMarker: (subdir: string) => `${subdir}, or remove that file if the directory is sharebench's`,
  tooManySymlinks: (path: string, max: number) => `${path}: more than ${max} symbolic links on the way (ELOOP)`,

  // Why an environment is unsupported on this machine (decided before booting).
  guestTooBig: (guestGiB: number, hostGiB: string) =>
    `a ${guestGiB} GiB guest does not fit in this machine's ${hostGiB} GiB of memory; lower "memory" to run it here`,
  numactlMissing: (node: number) => `pinning to NUMA node ${node} needs numactl; apt-get install numactl`,
  noNumaNode: (node: number) => `this host has no NUMA node ${node} (see /sys/devices/system/node); pick an existing node or numa: null`,
  fioMissing: () => 'fio is not installed; apt-get install fio',
  qemuMissing: () => 'qemu-system-x86_64 is not installed; apt-get install qemu-system-x86 (or run sharebench doctor --fix)',
  qemuNotExecutable: (path: string) => `qemu ${JSON.stringify(path)} is not an executable file; give the path of a qemu-system-x86_64`,
  debianQemuNotObtained: (qemu: string | null, why: string) => `QEMU ${qemu} from Debian packages could not be obtained: ${why}`,
  programVersionUnknown: (program: string, exit: number | string | undefined) => `unknown (${program} --version exited ${exit})`,
  rustVirtiofsdMissing: () =>
    'the Rust virtiofsd is not installed (not on PATH, not /usr/libexec/virtiofsd); ' +
    "install Debian 13's virtiofsd, or run sharebench doctor --fix to unpack it into the cache",
  virtiofsdMissing: () =>
    'virtiofsd is not installed (Debian 12: /usr/lib/qemu/virtiofsd from qemu-system-common; later releases: the virtiofsd package); ' +
    'apt-get install qemu-system-common or virtiofsd',
  cVirtiofsdNoCacheMode: (cache: string) => `the C virtiofsd has no cache=${cache}; use daemon "rust" or cache "none"`,
  sandboxNoneNeedsRust: (version: string) =>
    'sandbox "none" needs the Rust virtiofsd (the C one always sandboxes itself: namespace or chroot), ' +
    `and this environment gets the C one (${version})`,
  optionNeedsRust: (option: 'allow_mmap' | 'inode_file_handles', version: string) =>
    `${option} needs the Rust virtiofsd, and this environment gets the C one (${version})`,
  virtiofsdNeedsRoot: () => 'virtiofsd must run as root here (it sandboxes itself with namespaces); run sharebench as root',
  qemuNoDaxWindow: (version: string, env: string) =>
    `this QEMU (${version}) has no DAX window for virtio-fs (its vhost-user-fs-pci has no cache-size property); ` +
    `drop dax from ${env} or use a QEMU built with virtio-fs DAX support`,

  // The accelerator.
  accelTcgAsked: () => 'accel "tcg" was asked for',
  accelKvmRefused: (why: string) => `accel "kvm" was asked for but ${why}; use accel "auto" (or --accel auto) to fall back to TCG`,
  accelKvmNotUsed: (why: string) => `KVM not used: ${why}`,
  kvmNoDevice: (dev: string) => `${dev} does not exist (no KVM on this machine)`,
  kvmCannotOpen: (dev: string, code: string | undefined) => `${dev} cannot be opened (${code}); add this user to the kvm group or run as root`,
  kvmIsPvm: (dev: string) =>
    `${dev} is PVM (kvm_pvm module), a software hypervisor: ` +
    "a stock kernel runs ~1000x slower there than under TCG, and QEMU's -cpu host aborts on it",
  kvmNoCpuFlag: (dev: string, cpuinfo: string) => `${dev} opens but the CPU has no hardware virtualization (no vmx or svm flag in ${cpuinfo})`,
  kvmHostUsable: (dev: string, flag: string) => `${dev} opens and the CPU has ${flag}`,
  kvmProbeFailed: (why: string) => `a probe boot of the guest under KVM ${why}`,
  kvmProbeFast: (kvmMs: number) => `a probe boot of the guest under KVM reached userspace and powered off in ${Math.round(kvmMs)} ms`,
  kvmProbeCompared: (kvmMs: number, tcgMs: number | null, tcgWhy: string, faster: boolean) =>
    `a probe boot of the guest took ${Math.round(kvmMs)} ms under KVM and ` +
    `${tcgMs === null ? `did not finish under TCG (${tcgWhy})` : `${Math.round(tcgMs)} ms under TCG`}` +
    `${faster ? '' : ': this KVM runs a stock kernel slower than emulation'}`,
  probeBootTimedOut: (deadlineMs: number, said: string) => `did not finish within ${deadlineMs / 1000} s${said ? ` (last output: ${said})` : ''}`,
  probeBootFailed: (exitCode: number | null, signal: string | null | undefined, said: string) =>
    `failed: QEMU ${exitCode === null ? `was killed by ${signal ?? 'a signal'}` : `exited with ${exitCode}`}${said ? `: ${said}` : ''}`,
  probeBootNoPowerOff: (said: string) => `ended without powering off${said ? ` (last output: ${said})` : ''}`,

  // Opening an environment.
  envFailed: (env: string, what: string) => `${env}: ${what}`,
  hostEnvFailed: (env: string, what: string) => `host env ${env}: ${what}`,
  interruptedBeforeGuest: () => 'interrupted before the guest started',
  unsupportedHere: (why: string) => `unsupported here: ${why}`,
  noQemu: () => 'no QEMU',
  imageNotBuilt: (dir: string, why: string) => `could not build the guest image in ${dir}: ${why}`,
  accelUndecided: (why: string) => `could not decide the accelerator: ${why}`,
  treeTarballFailed: (dir: string, why: string) => `could not write the tree's tarball in ${dir}: ${why}`,
  devloopKitFailed: (dir: string, why: string) => `could not build the developer loops' kit in ${dir}: ${why}`,
  hostFioMissing: (said: string) =>
    `fio is not installed or does not run (${said}); install it with 'apt-get install fio' or run 'sharebench doctor --fix'`,
  hostTreeFailed: (why: string) => `cannot prepare the tree operations: ${why}`,
  hostDevloopFailed: (why: string) => `cannot prepare the developer loops: ${why}`,
  gitMissing: () => 'git is not installed; the developer loops need it on the host: apt-get install git',
  devloopRepoGitFailed: (args: readonly string[], exitCode: number | undefined, said: string) =>
    `generating the devloop repository: git ${args.join(' ')} exited ${exitCode}: ${said}`,
  devloopRepoOddEntry: (path: string) => `${path}: neither a file nor a directory; the devloop repository has only those`,

  // A guest's boot.
  interruptedWhileStarting: () => 'interrupted while the guest was starting',
  bootTimedOut: (ms: number) => `the guest did not report ready within ${ms} ms (boot timeout); it was stopped`,
  shareSetupFailed: (why: string) => `the guest could not set up the share: ${why}`,
  sentBeforeReady: (kind: string) => `the guest sent ${kind} before it was ready`,
  shareMountedWrong: (problem: string) => `the share is not mounted as asked: ${problem}`,
  withSerialLog: (what: string, serialLog: string) => `${what} (serial log: ${serialLog})`,
  interruptedWhileDaemonStarting: () => 'interrupted while virtiofsd was starting',
  daemonExitedBeforeSocket: (exit: string, last: string) => `virtiofsd exited before creating its socket (${exit}): ${last}`,
  daemonNoSocket: (socket: string, seconds: number) => `virtiofsd did not create its socket ${socket} within ${seconds} s`,
  exitKilled: (signal: string) => `killed by ${signal}`,
  exitCode: (code: number) => `exit code ${code}`,
  exitNotStarted: () => 'could not be started',
  daemonExited: (exit: string, last: string, logPath: string) =>
    `virtiofsd exited unexpectedly (${exit}) while the guest was using it${last ? `; its last log line: ${last}` : ''} (log: ${logPath})`,
  kernelPanicked: (panic: string, serialLog: string) => `the guest kernel panicked: ${panic} (serial log: ${serialLog})`,
  guestPoweredOff: (why: string, serialLog: string) => `the guest powered off: ${why} (serial log: ${serialLog})`,
  qemuExited: (exit: string, last: string, serialLog: string, qemuLog: string) =>
    `QEMU exited unexpectedly (${exit})${last ? `: ${last}` : ''} (serial log: ${serialLog}, QEMU log: ${qemuLog})`,

  // The share as mounted in the guest.
  noMountAtGuestDir: (dir: string, line: string) => `no mount at ${dir} (got ${JSON.stringify(line)})`,
  mountWrongType: (dir: string, type: string | undefined, expected: string) => `${dir} is a ${type} mount, not ${expected}`,
  mountWrongTag: (dir: string, source: string | undefined, tag: string) =>
    `${dir} is mounted from ${JSON.stringify(source)}, not the tag ${JSON.stringify(tag)}`,
  daxMissing: () => 'virtio-fs is mounted without DAX although a DAX window was asked for',
  daxUnasked: () => 'virtio-fs is mounted with DAX although none was asked for',
  msizeClamped: (msize: string, expected: number) =>
    `9p is mounted with msize=${msize}, not the requested ${expected}; ` +
    'the guest kernel limits msize for virtio (512000 bytes on Linux 6.1), ask for at most that',
  ninepCacheWrong: (cache: string, expected: string) => `9p is mounted with cache mode ${cache}, not ${expected}`,

  // Reasons recorded with runs that did not complete.
  interrupted: () => 'interrupted',
  interruptedBeforeRun: () => 'interrupted before the run started',
  interruptedDuringLayout: () => 'interrupted during layout',
  interruptedGuestStopped: () => 'interrupted; the guest was stopped',
  sessionInterrupted: () => 'the session was interrupted; open the environment again',
  sessionBusy: (env: string) => `another run is in progress in ${env}; runs of one session go one at a time`,
  noResultInTime: (ms: number, serialLog: string) => `no result within ${ms} ms (layout + run); the guest was stopped (serial log: ${serialLog})`,
  outOfTurn: (kind: string) => `the guest answered ${kind} out of turn; protocol error, the guest was stopped`,
  guestStoppedAfter: (id: string, why: string) => `the guest was stopped after run ${id}: ${why}`,
  channelClosed: () => 'the guest closed the host channel unexpectedly',
  fioArgNul: (arg: string) => `fio argument ${JSON.stringify(arg)} contains a NUL byte`,
  fioArgOwned: (arg: string, name: string) => `fio argument ${JSON.stringify(arg)} sets --${name}, which the environment controls; leave it out`,
  fioArgAbsolute: (arg: string) =>
    `fio argument ${JSON.stringify(arg)} names an absolute path, which is outside the shared directory; use a relative name or --filename_format`,
  workdirUnsafe: (name: string, where: string) => `workdir ${JSON.stringify(name)} is not one safe name inside ${where}`,
  workdirFailed: (name: string, why: string) => `making the workdir ${name} failed: ${why}`,
  layoutTimedOut: (ms: number) => `layout took longer than ${ms} ms`,
  layoutFailed: (said: string) => `laying out the test files failed: ${said}`,
  guestLayoutFailed: (why: string) => `laying out the files (fio --create_only=1) failed: ${why}`,
  fioTimedOut: (ms: number) => `fio did not finish within ${ms} ms`,
  fioSigill: (stubbed: readonly string[]) =>
    `fio stopped with SIGILL: the job calls into ${stubbed.join(', ')}, which this guest image has as stubs only ` +
    '(its ioengines rbd, rados, gfapi, nbd, rdma, pmem do not work); build the image with SHAREBENCH_GUEST_FIO_CLOSURE=full for those',
  fioExited: (exitCode: number, line: string) => `fio exited with code ${exitCode}: ${line}`,
  noOutput: () => '(no output)',
  hostOpenedWithoutTree: () => 'this host session was opened without a tree; tree operations need one (OpenOptions.tree)',
  hostOpenedWithoutDevloop: () => 'this host session was opened without a devloop workspace; developer-loop jobs need one (OpenOptions.devloop)',
  hostOpenedWithoutProbe: () => 'this host session was opened without the semantics probe (OpenOptions.semantics)',
  guestOpenedWithoutTree: (env: string) => `${env} was opened without a tree; tree operations need one (OpenOptions.tree)`,
  guestOpenedWithoutDevloop: (env: string) => `${env} was opened without a devloop workspace; developer-loop jobs need one (OpenOptions.devloop)`,
  guestOpenedWithoutProbe: (env: string) => `${env} was opened without the semantics probe (OpenOptions.semantics)`,
  stoppedWhilePreparingTree: (stopped: 'interrupted' | 'timedOut') =>
    `${stopped === 'interrupted' ? 'interrupted' : 'timed out'} while preparing the tree`,
  tarFailed: (exitCode: number | null, said: string) => `tar -x exited ${exitCode}: ${said || 'no output'}`,
  treePrepareFailed: (op: string, why: string) => `preparing the tree for ${op} failed: ${why}`,
  treePrepareExited: (op: string, exitCode: number | null, said: string) => `preparing the tree for ${op} failed (exit ${exitCode}): ${said || 'no output'}`,
  treeTimedOut: (ms: number) => `the tree operation did not finish within ${ms} ms`,
  commandExited: (command: string, exitCode: number | null, said: string) => `${command} exited ${exitCode}: ${said || 'no output'}`,
  devloopToolMissingOnHost: (tool: string, pkg: string) => `${tool} is not installed on the host: apt-get install ${pkg}`,
  devloopToolMissingInImage: (tool: string, pkg: string) =>
    `the guest image has no ${tool} (the host had none when the image was built): apt-get install ${pkg} and the image is rebuilt with it`,
  devloopCannotRun: (op: string, why: string) => `${op} cannot run: ${why}`,
  stoppedWhilePreparing: (stopped: 'interrupted' | 'timedOut', op: string) =>
    `${stopped === 'interrupted' ? 'interrupted' : 'timed out'} while preparing ${op}`,
  devloopTimedOut: (op: string, ms: number) => `${op} did not finish within ${ms} ms`,
  devloopPrepareFailed: (op: string, exitCode: number | null, said: string) => `preparing ${op} failed (exit ${exitCode}): ${said}`,
  devloopFailed: (op: string, exitCode: number | null, said: string) => `${op} failed (exit ${exitCode}): ${said}`,

  // The semantics probe: building it, running it, reading its output, and the rows it adds.
  probePackageNotFound: (pkg: string) =>
    `cannot find the ${pkg} package (and its probe/semantics-probe.c) above the running code; reinstall with 'npm ci'`,
  noCCompiler: (cc: string, why: string) =>
    `no C compiler to build the semantics probe: ${cc} cannot be run (${why}); install one with: apt-get install gcc libc6-dev`,
  probeBuildFailed: (argv: readonly string[], exit: number | string | undefined, tail: string, noStaticLibc: boolean) =>
    `building the semantics probe failed: ${argv.join(' ')} exited ${exit}: ${tail}` +
    (noStaticLibc ? "; a static build needs glibc's libc.a: apt-get install libc6-dev" : ''),
  probeNotStatic: (argv: readonly string[], interpreter: string) =>
    `${argv.join(' ')} made a dynamically linked program (interpreter ${interpreter}), not a static one`,
  probeDoesNotRun: (argv: readonly string[], why: string) => `the semantics probe built by ${argv.join(' ')} does not run: ${why}`,
  probeBackstop: (argv: readonly string[], ms: number, said: string) =>
    `${argv.join(' ')} did not finish within ${ms} ms, though each check is bounded${said}`,
  probeEnded: (argv: readonly string[], what: string, said: string) => `${argv.join(' ')} ${what}${said}`,
  probeRefusedArguments: () => 'refused its arguments',
  probeExitFailed: (exit: number | string | undefined) => `failed (exit ${exit})`,
  probeStderr: (stderr: string) => (stderr ? `: ${stderr.split('\n').slice(-3).join(' / ')}` : ' (nothing on stderr)'),
  probeDidNotFinish: (env: string, why: string) => `the semantics probe in ${env} did not finish its checks: ${why}`,
  probeExited: (exitCode: number | null, said: string) => `the probe exited ${exitCode}${said}`,
  interruptedBeforeProbe: () => 'interrupted before the probe started',
  probeLineAfterEnd: (line: string) => `a line after END: ${JSON.stringify(line)}`,
  probeNoBeginFirst: (line: string) => `the output does not start with BEGIN: ${JSON.stringify(line)}`,
  probeSecondBegin: () => 'a second BEGIN',
  probeNoOutput: () => 'no output (no BEGIN line)',
  probeCutOff: () => 'the output ends before END: the probe was cut off',
  probeEndCountPrinted: (counted: number, printed: number) => `END counts ${counted} rows but the probe printed ${printed}`,
  probeEndCountCame: (counted: number, came: number) => `END counts ${counted} rows but ${came} came`,
  probeBadLine: (what: string, shown: string) => `${what} in ${JSON.stringify(shown)}`,
  probeFieldCount: (word: string | undefined, found: number, want: number) => `${word} line has ${found} tab-separated fields, want ${want}`,
  probeUnknownCheck: (v: string) => `unknown check ${JSON.stringify(v)}`,
  probeBadPath: (v: string) => `path ${JSON.stringify(v)} is not relative names joined by /`,
  probeNotWhole: (what: string, v: string) => `${what} ${JSON.stringify(v)} is not a whole number`,
  probeProtocol: (protocol: number, speaks: number) => `protocol ${protocol}, this runner speaks ${speaks}; rebuild the probe from this tree`,
  probeEndState: (state: string | undefined) => `END state ${JSON.stringify(state)} is not clean or leftover`,
  probeFileType: (type: string) => `file type ${JSON.stringify(type)} is not one of the protocol's`,
  probeModeNotOctal: (mode: string | undefined) => `mode ${JSON.stringify(mode)} is not octal`,
  probeBadResult: (result: string) => `result ${JSON.stringify(result)} is not ok, fails, differs or unsupported`,
  probeBadErrno: (errno: string) => `errno ${JSON.stringify(errno)} is not an errno name`,
  probeErrnoWithoutFails: (errno: string, result: string) => `an errno (${errno}) with result ${result}; only fails carries one`,
  hostLstatFailed: (path: string, why: string) => `lstat ${path} on the runner's side: ${why}`,
  hostSeesSame: (view: string) => `the runner sees ${view}, as the probe does`,
  hostSeesOther: (host: string, probe: string) => `the runner sees ${host}; the probe sees ${probe}`,
  walUnfinished: (said: string) => `the WAL check did not finish: ${said || 'no output'}`,
  walNoSqlite: (said: string) => `no sqlite3 here: ${said || 'not found'}`,
  walSqliteFailed: (status: number, said: string, answeredWal: boolean) =>
    `sqlite3 exited ${status}: ${said || 'no output'}${answeredWal ? ' (after PRAGMA journal_mode=WAL answered wal)' : ''}`,
  walModeKept: (answer: string | undefined) => `PRAGMA journal_mode=WAL answered ${answer ?? 'nothing'}: SQLite kept that mode`,
  walRowLost: (row: string | undefined) => `WAL mode taken, but the row read back was ${row ?? 'nothing'}`,
  walOk: () => 'PRAGMA journal_mode=WAL answered wal; a row written and read back',

  // `sharebench doctor`: what each row found, or what is missing and what it costs.
  doctorQemuMissing: () => 'not installed; guests cannot boot',
  doctorFound: (path: string, version: string) => `${path}: ${version}`,
  doctorCDaemon: (argv: readonly string[], version: string) => `C: ${argv.join(' ')}: ${version}`,
  doctorCDaemonMissing: () => 'C: not installed (QEMU <= 7.2 shipped it, as /usr/lib/qemu/virtiofsd in Debian 12)',
  doctorRustDaemon: (path: string | undefined, unpacked: boolean, version: string) =>
    `Rust: ${path}${unpacked ? ' (unpacked from Debian 13, relinked to its own glibc)' : ''}: ${version}; envs without "daemon" use it`,
  doctorRustDaemonMissing: () =>
    'Rust: not installed; envs without "daemon" use the C one; ' +
    "sharebench doctor --fix unpacks Debian 13's virtiofsd (and the glibc it needs) into the cache",
  doctorPatchelf: (path: string) => `${path}: relinks unpacked Debian binaries (the Rust virtiofsd, QEMUs from Debian packages) to their own libraries`,
  doctorPatchelfMissing: () =>
    'not installed: doctor --fix cannot unpack the Rust virtiofsd, and envs whose "qemu" names a Debian suite or version are unsupported',
  doctorFio: (path: string, version: string) => `${path}: ${version} (the guest image carries this same binary)`,
  doctorNotInstalled: () => 'not installed',
  doctorGuestTool: (path: string, version: string) => `${path}: ${version} (guest images carry this same binary)`,
  doctorGuestToolMissing: () => 'not installed; only the developer-loop jobs (devloop) need it, and fail without it',
  doctorBusybox: (path: string) => `${path} (statically linked)`,
  doctorNumactlMissing: () => 'not installed; only environments with numa pinning need it',
  doctorRoot: () => 'running as root: virtiofsd can sandbox itself, and runs drop the host page cache',
  doctorNotRoot: () => 'not root: virtiofsd cannot start and the host page cache is not dropped between layout and run; run as root',
  doctorDax: () => "QEMU's vhost-user-fs-pci has cache-size",
  doctorNoDax: () => "QEMU's vhost-user-fs-pci has no cache-size property: virtio-fs environments with dax are reported unsupported",
  doctorXz: (path: string) => `${path}: unpacks the guest kernel for a direct (PVH) boot`,
  doctorXzMissing: () => 'not installed: guests boot the compressed kernel through the firmware, about a second slower',
  doctorQboot: (path: string) => `${path}: fast guest firmware`,
  doctorQbootMissing: () => 'not installed: guests use SeaBIOS, slower to boot',
  doctorKvm: (why: string, probed: boolean) =>
    `guests use KVM: ${why}${probed ? '' : ' (host checks pass; the probe boot runs with the first guest, once the image is built)'}`,
  doctorTcg: (why: string) => `guests run under TCG (emulation: slower, results not representative; not an error): ${why}`,
  doctorUndecided: (why: string) => `could not be decided: ${why}`,
  doctorImageBuilt: (dir: string, kernel: string) => `built: ${dir} (${kernel})`,
  doctorImageNoApt: () => 'not built, and apt-get/dpkg-deb are missing to fetch the guest kernel',
  doctorImageOnFirstUse: (dir: string, kernel: string) =>
    `not built yet; built on first use into ${dir} from ${kernel} (downloads it from the Debian mirrors)`,
  doctorImageCannotBuild: (why: string) => `cannot be built: ${why}`,
  doctorNoDebianQemu: (dir: string) =>
    `none obtained: an env with "qemu": "bookworm-backports" (QEMU 10.0), "trixie" or a qemu-system-x86 version ` +
    `unpacks one into ${dir} on first use (optional; guests use the host's QEMU otherwise)`,
  doctorDebianQemu: (q: { path: string; version: string; suite: string; packageVersion: string; packages: number; ownLoader: boolean }) =>
    `${q.path}: ${q.version}, from ${q.suite} (${q.packages} packages unpacked, its firmware, ` +
    `${q.ownLoader ? 'its own glibc' : "the host's glibc"}); envs with "qemu": "${q.suite}" or "${q.packageVersion}" use it`,
} as const;
