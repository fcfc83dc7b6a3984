import type { RunRow } from '../schema.js';
import { opsResultRuns } from './ops-result-runs.js';
import type { RunContext } from './run-row.js';

/**
 * The row of a developer-loop operation from devloop.sh's stdout, `{"op", "entries",
 * "elapsed_ms"}`: ops_per_s = entries / elapsed seconds, an entry being what core's DEVLOOP_OPS
 * says for the operation (a tracked file checked, a file extracted, a row inserted, ...).
 */
export function devloopRuns(stdout: string, ctx: RunContext & { job: string; workload: string }): RunRow[] {
  return opsResultRuns(stdout, ctx, 'devloop', ctx.ioengine ?? 'unknown');
}
