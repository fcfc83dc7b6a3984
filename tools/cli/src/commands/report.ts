import type { ParsedArgs } from '../options.js';

export async function run(_args: ParsedArgs): Promise<number> {
  throw new Error('report: not built yet');
}
