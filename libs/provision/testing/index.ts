/** Test helpers for environments and guests: specs, scratch directories, leftover checks. `@sharebench/provision/testing`. */
export { cacheDir, descendants, guestScratch, leftovers, leftoverSocketDirs, ninepSpec, scratch, tinyJob, virtiofsSpec } from './guest.js';
export { expectedEntries } from './devloop.js';
export { MESSAGE_LIMIT_MS, startInit } from './init-harness.js';
export type { InitOptions, InitUnderTest } from './init-harness.js';
