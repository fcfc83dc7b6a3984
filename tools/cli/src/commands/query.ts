import { InputError } from '@sharebench/core';
import { formatTable, queryTable, readQueryInput, TABLES, type TableName } from '@sharebench/analysis';
import type { CliIo, ParsedArgs } from '../types.js';
import { int, list, str } from './flags.js';
import { message } from '../messages.js';

const FORMATS = ['table', 'csv', 'json'] as const;

export async function run(args: ParsedArgs, io: CliIo): Promise<number> {
  const table = (str(args, 'table') ?? 'summary') as TableName;
  if (!(table in TABLES)) throw new InputError(message.notATable(table));
  const format = (str(args, 'format') ?? 'table') as (typeof FORMATS)[number];
  if (!FORMATS.includes(format)) throw new InputError(message.notAQueryFormat(format));
  const input = await readQueryInput(args.positionals[0]!, table);
  const result = queryTable(input, {
    filter: str(args, 'filter'),
    select: list(args, 'select'),
    groupby: list(args, 'groupby'),
    rollup: list(args, 'rollup'),
    orderby: list(args, 'orderby'),
    limit: int(args, 'limit'),
  });
  io.stdout.write(formatTable(result, format));
  return 0;
}
