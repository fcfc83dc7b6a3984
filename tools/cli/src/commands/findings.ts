import { findingRows, findings, formatRows, fromArrowIpc, readContext, readTableBytes, type SpeedupRow } from '@sharebench/analysis';
import { formatFindings } from '@sharebench/report';
import type { CliIo, ParsedArgs } from '../types.js';
import { oneOf } from './flags.js';

const FORMATS = ['table', 'csv', 'json'] as const;

/** `sharebench findings DIR`: the report's findings, as text, CSV rows or the whole structure in JSON. */
export async function run(args: ParsedArgs, io: CliIo): Promise<number> {
  const format = oneOf(args, 'format', FORMATS) ?? 'table';
  const dir = args.positionals[0]!;
  const speedups = fromArrowIpc<SpeedupRow>(await readTableBytes(dir, 'speedups'));
  const f = findings(speedups);
  if (format === 'json') io.stdout.write(`${JSON.stringify(f, null, 2)}\n`);
  else if (format === 'csv') io.stdout.write(formatRows(findingRows(f) as never, 'csv'));
  else io.stdout.write(formatFindings([{ name: (await readContext(dir)).campaign, findings: f }]));
  return 0;
}
