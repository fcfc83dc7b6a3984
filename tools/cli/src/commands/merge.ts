import { linkSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CONTEXT_FILE, DATASET_LOCK_FILE, ExitCode, FleetMode, InputError, readContext, replaceDirectory } from '@sharebench/core';
import { datasetLockPath, describeHolder, lockHolder } from '@sharebench/host';
import { mergeDatasets, writeTables, type Merged } from '@sharebench/analysis';
import type { CliIo, ParsedArgs } from '../types.js';
import { oneOf, required } from './flags.js';
import { tool } from './tool.js';
import { withDatasetLock } from './locks.js';
import { message } from '../messages.js';

const USAGE = 'sharebench merge --out MERGED [--mode shard|replicate] DATASET...';
// What a merged dataset's directory holds: it is replaced whole, so nothing else may be in it.
const MERGED_ENTRIES = new Set([CONTEXT_FILE, 'results', DATASET_LOCK_FILE]);

/**
 * `sharebench merge --out MERGED DATASET...`: one dataset from the shards of a split (mode shard)
 * or from every host's run of a campaign (mode replicate), readable by every command and by DuckDB.
 *
 * 1. lock MERGED (one writer); refuse a directory that is something else than a merged dataset
 * 2. check the inputs (one campaign; shards once each, disjoint; one fingerprint per host_id) and
 *    recompute the tables from their raw/ files, which stay where they are (referenced)
 * 3. write context.json and results/ as one unit: a sibling directory swapped in by rename, so a
 *    reader or an interrupted merge sees the old merge or the new one, never a mix
 * 4. exit 0 when complete; 1 when a shard is missing or an input has failed or unfinished runs
 *    (what there is is written, and each gap named); 2 when refused (nothing written)
 */
export async function run(args: ParsedArgs, io: CliIo): Promise<number> {
  const out = required(args, 'out', USAGE);
  const mode = oneOf(args, 'mode', Object.values(FleetMode)) ?? null;
  // 1.
  return withDatasetLock(out, `sharebench merge --out ${out}`, io, async () => {
    await checkReplaceable(out);
    // 2.
    for (const input of args.positionals) {
      const holder = lockHolder(datasetLockPath(input));
      if (holder) io.stderr.write(`${message.mergingInUse(input, describeHolder(holder))}\n`);
    }
    const merged = await mergeDatasets(args.positionals, { out, mode, tool: tool() });
    // 3.
    await writeMerged(out, merged);
    for (const line of describe(merged)) io.stdout.write(`${line}\n`);
    // 4.
    for (const p of merged.problems) io.stderr.write(`${message.mergeProblem(p)}\n`);
    return merged.problems.length > 0 ? ExitCode.runsFailed : ExitCode.ok;
  });
}

async function checkReplaceable(out: string): Promise<void> {
  const entries = await readdir(out).catch(() => [] as string[]);
  const foreign = entries.filter((e) => !MERGED_ENTRIES.has(e));
  if (foreign.length > 0) {
    throw new InputError(message.mergeOutForeign(out, foreign));
  }
  if (entries.includes(CONTEXT_FILE) && !(await readContext(out)).merge) {
    throw new InputError(message.mergeOutIsDataset(out));
  }
}

async function writeMerged(out: string, merged: Merged): Promise<void> {
  const { ctx, tables } = merged;
  await replaceDirectory(out, async (dir) => {
    await writeFile(join(dir, CONTEXT_FILE), JSON.stringify(ctx, null, 2) + '\n');
    await mkdir(join(dir, 'results'));
    await writeTables(join(dir, 'results'), tables);
    // The lock moves with the directory: the new one is held from the moment it is in place.
    linkSync(datasetLockPath(out), join(dir, DATASET_LOCK_FILE));
  });
}

function describe(merged: Merged): string[] {
  const { ctx, tables } = merged;
  const mode = ctx.merge!.mode;
  const lines = merged.inputs.map(({ input, rows }) => {
    const what = input.shard === null ? '' : `shard ${input.shard}, `;
    const counts = Object.entries(rows).map(([status, n]) => `${n} ${status}`).join(', ') || 'no run rows';
    return `${input.given}: ${what}host ${input.host_ids.join('+') || '(not recorded)'}, ${input.runs} runs (run rows: ${counts})`;
  });
  const hosts = new Set(tables.runs.map((r) => r.host_id ?? '(not recorded)'));
  lines.push(
    `merged ${merged.inputs.length} dataset(s), mode ${mode}, ${hosts.size} host(s): ${tables.runs.length} run rows, ${tables.summary.length} summary cells, ` +
      `${tables.speedups.length} speedups; ${merged.problems.length === 0 ? 'complete' : `incomplete (${merged.problems.length} problem(s))`}`,
  );
  return lines;
}
