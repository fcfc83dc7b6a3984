import type { RunRow } from '../schema.js';
import { opsResultRuns } from './ops-result-runs.js';
import type { RunContext } from './run-row.js';

/**
 * The row of a tree operation from its stdout, `{"op", "entries", "elapsed_ms"}`: ops_per_s =
 * entries / elapsed seconds (untar: entries extracted, walk: listed, read: files read, delete:
 * entries removed); output that is not such an object makes a failed row (see opsResultRuns).
 */
export function treeRuns(stdout: string, ctx: RunContext & { job: string; workload: string }): RunRow[] {
  return opsResultRuns(stdout, ctx, 'tree', 'busybox');
}
