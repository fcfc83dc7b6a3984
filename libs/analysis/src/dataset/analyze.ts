import { readContext } from '@sharebench/core';
import { summarize } from '../ops/summarize.js';
import { defaultPairs, speedups, type EnvPair } from '../ops/speedups.js';
import { collectRuns } from './collect-runs.js';
import { writeResults, type Tables } from './write-results.js';

/** Rebuilds the three tables from a dataset's raw/ and context.json, in memory. */
export async function computeTables(dataset: string): Promise<Tables> {
  const ctx = await readContext(dataset);
  const runs = await collectRuns(dataset, ctx);
  const summary = summarize(runs);
  const pairs: EnvPair[] = [
    ...defaultPairs(ctx.envs),
    ...ctx.pairs.map((p) => ({ ...p, pair: 'explicit' as const })),
  ];
  return { runs, summary, speedups: speedups(summary, pairs) };
}

/** `sharebench analyze`: recomputes results/ from raw/ and writes it atomically. */
export async function analyzeDataset(dataset: string): Promise<Tables> {
  const tables = await computeTables(dataset);
  await writeResults(dataset, tables);
  return tables;
}
