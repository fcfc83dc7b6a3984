import { findingRows, formatRows, readContext, readTable } from '@sharebench/analysis';
import { formatFindings, reportFindings } from '@sharebench/report';
import type { CliIo, ParsedArgs } from '../types.js';
import { oneOf } from './flags.js';

const FORMATS = ['table', 'csv', 'json'] as const;

/**
 * `sharebench findings DIR`: the report's findings (reportFindings: every metric, as the report
 * and report.txt show them), as text, CSV rows (one per comparison and workload, and one per
 * comparison for all workloads) or the whole structure in JSON.
 */
export async function run(args: ParsedArgs, io: CliIo): Promise<number> {
  const format = oneOf(args, 'format', FORMATS) ?? 'table';
  const dir = args.positionals[0]!;
  const speedups = await readTable(dir, 'speedups');
  const [found] = reportFindings([{ name: (await readContext(dir)).campaign, speedups }]);
  const f = found!.findings;
  if (format === 'json') io.stdout.write(`${JSON.stringify(f, null, 2)}\n`);
  else if (format === 'csv') io.stdout.write(formatRows(findingRows(f) as never, 'csv'));
  else io.stdout.write(formatFindings([found!]));
  return 0;
}
