import { resolve } from 'node:path';
import { InputError, readContext, runKey, type DatasetContext } from '@sharebench/core';
import type { RunRow } from '../schema.js';
import { executedRows } from './collect-runs.js';
import { message } from '../messages.js';

/**
 * The runs of a merged dataset: every input's raw/runs/ read where it is (referenced by its path
 * relative to the merged dataset, never copied), each row's source_file prefixed with that path.
 * Rows come in the campaign's execution order (shards: as one unsharded run would give them;
 * replicas: host by host, in the order the inputs were given).
 */
export async function collectMerged(dataset: string, ctx: DatasetContext): Promise<RunRow[]> {
  const merge = ctx.merge!;
  const order = new Map((ctx.execution?.plan ?? []).map((p) => [runKey(p.env, p.job.name, p.repeat), p.order]));
  const parts: RunRow[][] = [];
  for (const input of merge.inputs) {
    const dir = resolve(dataset, input.path);
    let inputCtx: DatasetContext;
    try {
      inputCtx = await readContext(dir);
    } catch (err) {
      throw new InputError(message.mergedInputGone(dataset, input.path, dir, (err as Error).message), { cause: err });
    }
    const envs = new Map(inputCtx.envs.map((e) => [e.name, e]));
    parts.push(await executedRows(dir, inputCtx, envs, `${input.path}/`));
  }
  if (merge.mode === 'replicate') return parts.flat();
  const at = (r: RunRow) => order.get(runKey(r.env, r.job, r.repeat)) ?? Number.MAX_SAFE_INTEGER;
  // A stable sort keeps a run's directions (and imports' rows) in their order.
  return parts.flat().sort((a, b) => at(a) - at(b));
}
