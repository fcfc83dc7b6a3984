/** Test helpers for environments and guests: specs, scratch directories, leftover checks. `@sharebench/provision/testing`. */
export { cacheDir, descendants, guestScratch, leftovers, leftoverSocketDirs, ninepSpec, scratch, tinyJob, virtiofsSpec } from './guest.js';
