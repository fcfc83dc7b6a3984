import type { Direction } from '@sharebench/core';

/**
 * Where things are in a terse line of each version (stat.c `show_thread_status_terse_all`),
 * as 0-based field indexes. Versions differ in the header (v2 has no fio version), in whether a
 * trim block is printed (v2, v4, v5), and in the block length (v5 adds bw samples and IOPS stats).
 */
export interface TerseLayout {
  version: 2 | 3 | 4 | 5;
  /** Fields before the first direction block: version, [fio version], jobname, groupid, error. */
  headerFields: number;
  blockFields: number;
  /** The directions of the blocks, keyed by how many blocks come before the CPU fields. */
  blocks: ReadonlyMap<number, readonly Direction[]>;
}

/** Fields after the blocks that every version prints: CPU 5, IO depths 7, latency us 10, ms 12. */
export const TAIL_FIELDS = 34;

/** The names of a direction block's fields, for error messages; v5 adds the last six. */
export const BLOCK_FIELD_NAMES = [
  'io KiB', 'bw KiB/s', 'IOPS', 'runtime ms',
  'slat min us', 'slat max us', 'slat mean us', 'slat stddev us',
  'clat min us', 'clat max us', 'clat mean us', 'clat stddev us',
  ...Array.from({ length: 20 }, (_, i) => `percentile ${i + 1}`),
  'lat min us', 'lat max us', 'lat mean us', 'lat stddev us',
  'bw min KiB/s', 'bw max KiB/s', 'bw agg %', 'bw mean KiB/s', 'bw dev KiB/s',
  'bw samples', 'iops min', 'iops max', 'iops mean', 'iops stddev', 'iops samples',
] as const;

// unified_rw_reporting=mixed prints one block (the mixed numbers in read's place); =both prints
// the normal blocks and then a mixed one.
const WITH_TRIM = new Map<number, readonly Direction[]>([
  [1, ['mixed']],
  [3, ['read', 'write', 'trim']],
  [4, ['read', 'write', 'trim', 'mixed']],
]);
const WITHOUT_TRIM = new Map<number, readonly Direction[]>([
  [1, ['mixed']],
  [2, ['read', 'write']],
  [3, ['read', 'write', 'mixed']],
]);

export const TERSE_LAYOUTS: Readonly<Record<'2' | '3' | '4' | '5', TerseLayout>> = {
  '2': { version: 2, headerFields: 4, blockFields: 41, blocks: WITH_TRIM },
  '3': { version: 3, headerFields: 5, blockFields: 41, blocks: WITHOUT_TRIM },
  '4': { version: 4, headerFields: 5, blockFields: 41, blocks: WITH_TRIM },
  '5': { version: 5, headerFields: 5, blockFields: 47, blocks: WITH_TRIM },
};
