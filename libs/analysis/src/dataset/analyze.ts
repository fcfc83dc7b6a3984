import { readContext, type DatasetContext } from '@sharebench/core';
import { collectMerged } from './collect-merged.js';
import { summarize } from '../ops/summarize.js';
import { defaultPairs, speedups, type EnvPair } from '../ops/speedups.js';
import { collectRuns, type ParsedImports } from './collect-runs.js';
import { collectSemantics } from './collect-semantics.js';
import { writeResults, type Tables } from './write-results.js';

/** Rebuilds the tables (runs, summary, speedups, semantics) from a dataset's raw/ and context.json, in memory; `parsed` imports are not parsed again. */
export async function computeTables(dataset: string, parsed?: ParsedImports): Promise<Tables> {
  return computeTablesOf(dataset, await readContext(dataset), parsed);
}

/** The tables of a dataset whose context is `ctx` (a merged dataset's: its inputs' raw/ files, where they are; its semantics: none yet). */
export async function computeTablesOf(dataset: string, ctx: DatasetContext, parsed?: ParsedImports): Promise<Tables> {
  const runs = ctx.merge ? await collectMerged(dataset, ctx) : await collectRuns(dataset, ctx, parsed);
  const summary = summarize(runs);
  const pairs: EnvPair[] = defaultPairs(ctx.envs);
  for (const p of ctx.pairs) {
    if (!pairs.some((q) => q.candidate === p.candidate && q.baseline === p.baseline)) pairs.push({ ...p, family: 'explicit' });
  }
  return { runs, summary, speedups: speedups(summary, pairs), semantics: await collectSemantics(dataset, ctx) };
}

/** `sharebench analyze`: recomputes results/ from raw/ and writes it atomically. */
export async function analyzeDataset(dataset: string, parsed?: ParsedImports): Promise<Tables> {
  const tables = await computeTables(dataset, parsed);
  await writeResults(dataset, tables);
  return tables;
}
