import { analyzeDataset } from '@sharebench/analysis';
import type { CliIo, ParsedArgs } from '../types.js';

export async function run(args: ParsedArgs, io: CliIo): Promise<number> {
  const dataset = args.positionals[0]!;
  const t = await analyzeDataset(dataset);
  io.stdout.write(`${dataset}/results: ${t.runs.length} run rows, ${t.summary.length} summary cells, ${t.speedups.length} speedups\n`);
  return 0;
}
