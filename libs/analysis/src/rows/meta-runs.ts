import { OPS_DIRECTION } from '@sharebench/core';
import type { FioResult } from '@sharebench/fio';
import type { RunRow } from '../schema.js';
import { recordsToRuns } from './records-to-runs.js';
import type { RunContext } from './run-row.js';

/**
 * Rows of a fio metadata job (filecreate, filestat, filedelete): fio counts each file's operation
 * as a read I/O, so a row is its record in the `ops` direction with ops_per_s = fio's IOPS and
 * elapsed_ms = fio's runtime; the latency percentiles are per operation. Bytes moved mean nothing
 * here (filecreate writes none): bw_bytes and io_bytes are null, and so are block size and depth.
 */
export function metaRuns(result: FioResult, ctx: RunContext): RunRow[] {
  return recordsToRuns(result, { ...ctx, kind: 'meta' }).map((row) => ({
    ...row,
    direction: OPS_DIRECTION,
    blocksize_bytes: null,
    iodepth: null,
    ops_per_s: row.iops,
    elapsed_ms: row.runtime_ms,
    bw_bytes: null,
    io_bytes: null,
  }));
}
