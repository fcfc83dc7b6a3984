export type { EnvKind, FioRunRequest, FioRunResult, SessionInfo, Session, OpenOptions, Environment } from './types.js';
export { EnvironmentError } from './types.js';
export type { EnvSpec, HostEnvSpec, VirtiofsEnvSpec, NinepEnvSpec, GuestOptions, EnvContext } from './spec.js';
export { createHostEnvironment } from './host/host-environment.js';
export { runInGroup } from './host/process-group.js';
export type { GroupRun } from './host/process-group.js';
export { mountOf } from './host/mount-of.js';
export { dropHostCaches } from './host/drop-caches.js';
export { createEnvironment } from './environments.js';
