/**
 * Test helpers for processes: wait for what a child prints or for a state of the machine, never
 * for a fixed time, and stop waiting (reject) the moment the child exits first. Tests of every lib
 * import them as `@sharebench/host/testing`.
 */
export { outputOf, type ChildOutput } from './output.js';
export { until, type UntilOptions } from './until.js';
export { ourProcesses, processesNaming } from './processes.js';
export { loadBand } from './load.js';
export { bundleScript } from './bundle.js';
