import { analyzeDataset } from '@sharebench/analysis';
import type { CliIo, ParsedArgs } from '../types.js';
import { withDatasetLock } from './locks.js';

export async function run(args: ParsedArgs, io: CliIo): Promise<number> {
  const dataset = args.positionals[0]!;
  const t = await withDatasetLock(dataset, `sharebench analyze ${dataset}`, io, () => analyzeDataset(dataset));
  io.stdout.write(`${dataset}/results: ${t.runs.length} run rows, ${t.summary.length} summary cells, ${t.speedups.length} speedups\n`);
  return 0;
}
