import { analyzeDataset } from '@sharebench/analysis';
import type { ParsedArgs } from '../types.js';

export async function run(args: ParsedArgs): Promise<number> {
  const dataset = args.positionals[0]!;
  const t = await analyzeDataset(dataset);
  console.log(`${dataset}/results: ${t.runs.length} run rows, ${t.summary.length} summary cells, ${t.speedups.length} speedups`);
  return 0;
}
