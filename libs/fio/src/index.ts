export { FioFormat } from './types.js';
export type { FioRecord, FioResult, LegacyRun, LegacyLog } from './types.js';
export { parseFioOutput } from './parse-fio-output.js';
export { detectFormat } from './detect-format.js';
export { parseFioJson } from './json/parse-json.js';
export { parseFioTerse } from './terse/parse-terse.js';
export { parseLegacyLog } from './legacy/parse-legacy-log.js';
export { parseLegacyHeader } from './legacy/parse-legacy-header.js';
export { percentilesFromBins } from './records/percentiles-from-bins.js';
