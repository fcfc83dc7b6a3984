export type { EnvKind, FioRunRequest, FioRunResult, SessionInfo, Session, OpenOptions, Environment } from './types.js';
export { EnvironmentError } from './types.js';
export type { EnvSpec, HostEnvSpec, VirtiofsEnvSpec, NinepEnvSpec, GuestOptions, EnvContext } from './spec.js';
