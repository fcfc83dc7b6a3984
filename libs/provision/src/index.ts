export type { EnvKind, FioRunRequest, FioRunResult, SessionInfo, Session, OpenOptions, Environment } from './types.js';
export { EnvironmentError } from './types.js';
