export type {
  EnvKind,
  FioRunRequest,
  FioRunResult,
  TreeRunRequest,
  SessionInfo,
  Session,
  OpenOptions,
  Environment,
} from './types.js';
export { EnvironmentError } from './types.js';
export type { EnvSpec, HostEnvSpec, VirtiofsEnvSpec, NinepEnvSpec, GuestOptions, EnvContext } from './spec.js';
export { withAccel, NINEP_SECURITY_MODELS, VIRTIOFS_SANDBOXES } from './spec.js';
export type { NinepSecurityModel, VirtiofsSandbox } from './spec.js';
export { shareDirProblem } from './share/share-dir-problem.js';
export type { ShareDirCheck, ShareDirVerdict } from './share/share-dir-problem.js';
export { shareDirOf } from './share/share-dir-of.js';
export { SHARE_MARKER, markShareDir } from './share/share-marker.js';
export type { ShareMarker } from './share/share-marker.js';
export { readQemuKey, describeQemu } from './qemu-key.js';
export { envSpecProblems, mountTagProblem } from './spec-problems.js';
export type { SpecProblem } from './spec-problems.js';
export { kvmHostCheck } from './accel/kvm.js';
export { createHostEnvironment } from './host/host-environment.js';
export { createEnvironment } from './environments.js';
export { createVirtiofsEnvironment } from './virtiofs.js';
export { createNinepEnvironment } from './ninep.js';
export type { GuestEnvOptions } from './guest/open-guest.js';
export type { GuestFault } from './guest/kernel-cmdline.js';
export { runDoctor } from './doctor/doctor.js';
export type { DoctorCheck, DoctorOptions } from './doctor/doctor.js';
export { packagesToInstall } from './doctor/packages-to-install.js';
export { findDaemon, forgetDaemons, flavourOf } from './guest/virtiofsd-binaries.js';
export type { Daemon, DaemonFlavour } from './guest/virtiofsd-binaries.js';
export { virtiofsDaemon, daemonCache } from './virtiofs.js';
export { ensureGuestImage, builtGuestImage, guestImageStatus } from './guest/image.js';
export type { ImageRequest } from './guest/image.js';
export { ensureTreeArchives } from './tree/tree-tarball.js';
export type { TreeArchives } from './tree/tree-tarball.js';
export { TREE_DIR, TREE_MARK } from './tree/tree-layout.js';
export { treeCommand } from './tree/tree-commands.js';
export { ProbeResult, PROBE_CHECKS, HOST_SIDE_CHECKS, FILE_TYPES, isProbeResult, isProbeCheck } from './semantics/probe-checks.js';
export type { ProbeCheck, FileType } from './semantics/probe-checks.js';
export { parseProbeLine, parseProbeOutput, PROBE_PROTOCOL } from './semantics/parse-probe.js';
export type { ProbeRow, ProbeBegin, ProbeEnd, ProbeLine, ProbeOutput, FileView, LineSource } from './semantics/parse-probe.js';
export { buildProbe, probeSourcePath, PROBE_CFLAGS } from './semantics/build-probe.js';
export type { ProbeBinary, BuildProbeOptions } from './semantics/build-probe.js';
export { runProbe, converseWithProbe, localHostSide } from './semantics/run-probe.js';
export type { HostSide, ConverseOptions, RunProbeOptions, ProbeRun } from './semantics/run-probe.js';
export { RUNNER_CHECKS, SEMANTICS_CHECKS, sqliteWalRow, probeArgs, runSemanticsOnHost } from './semantics/semantics-run.js';
export type { SemanticsRow, SemanticsRun, ProbeRunRequest } from './semantics/semantics-run.js';
export type { DevloopRunRequest } from './types.js';
