import { DEVLOOP_OPS, isDevloopOp, META_WORKLOADS, OPS_DIRECTION, TREE_OPS } from '@sharebench/core';

/**
 * Rows that count operations (fio's metadata engines, tree operations: direction `ops`) and rows
 * that move data. The I/O charts and the seed's table show the latter; the small-files section
 * the former.
 */
export const isOpsRow = (r: { direction: string }): boolean => r.direction === OPS_DIRECTION;
export const isIoRow = (r: { direction: string }): boolean => r.direction !== OPS_DIRECTION;

/** Rows of the developer loops (git, npm-shaped, sqlite3): the report gives them their own section. */
export const isDevloopRow = (r: { direction: string; workload: string }): boolean => isOpsRow(r) && isDevloopOp(r.workload);

/** The small-files section's rows: operations counted, but not the developer loops'. */
export const isSmallFilesRow = (r: { direction: string; workload: string }): boolean => isOpsRow(r) && !isDevloopOp(r.workload);

/** The developer loops, as one family of the operations charts. */
export const DEVLOOP_FAMILY = { label: 'developer loops (git, npm-shaped, sqlite3)', workloads: DEVLOOP_OPS as readonly string[] } as const;

/** The small-files section's rows: fio's metadata engines, then the tree operations. */
export const OPS_FAMILIES = [
  { label: 'fio metadata engines', workloads: META_WORKLOADS as readonly string[] },
  { label: 'file tree (busybox)', workloads: TREE_OPS as readonly string[] },
] as const;

/** The family label of an ops row's workload (`other` for one neither family names). */
export function opsFamilyOf(workload: string): string {
  return OPS_FAMILIES.find((f) => f.workloads.includes(workload))?.label ?? 'other';
}
