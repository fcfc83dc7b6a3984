export { FioFormat } from './types.js';
export type { FioRecord, FioResult, LegacyRun, LegacyLog } from './types.js';
