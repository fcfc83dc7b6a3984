import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CONTEXT_SCHEMA, hostProvenance, InputError, readContext, type DatasetContext, type EnvMeta } from '@sharebench/core';
import type { EnvSpec } from '@sharebench/provision';
import type { Campaign } from '../campaign/types.js';

/**
 * The dataset a campaign runs into: a new context (not written yet), or the existing one when it
 * holds runs of this same campaign. A dataset of imports, or of a campaign with another hash, is
 * refused with what to do instead.
 */
export async function openDataset(
  dir: string,
  campaign: Campaign,
  hash: string,
  tool: { version: string; git_commit: string | null },
): Promise<DatasetContext> {
  const hasContext = await stat(join(dir, 'context.json')).then(() => true, () => false);
  if (!hasContext) {
    const now = new Date().toISOString();
    await mkdir(dir, { recursive: true });
    return {
      schema: CONTEXT_SCHEMA,
      campaign: campaign.name,
      created_at: now,
      updated_at: now,
      sharebench: tool,
      host: hostProvenance(),
      envs: campaign.envs.map((e) => ({ ...envMetaOf(e), session: null, imported: null })),
      imports: [],
      pairs: [],
    };
  }
  const ctx = await readContext(dir);
  if (ctx.merge) {
    throw new InputError(`${dir}: is a merged dataset (sharebench merge); run into one of its inputs or a new dataset with --out DIR, then merge again`);
  }
  const previous = ctx.execution?.campaign_hash;
  if (ctx.imports.length > 0 && previous === undefined) {
    throw new InputError(`${dir}: holds imported results, not a campaign's runs; run into a new dataset with --out DIR`);
  }
  if (previous !== undefined && previous !== hash) {
    throw new InputError(
      `${dir}: holds runs of a different campaign (hash ${String(previous)}, this one ${hash}: envs, jobs, sizes or runtimes changed); ` +
        `run into a new dataset with --out DIR, or delete ${join(dir, 'raw')} ${join(dir, 'context.json')} and ${join(dir, 'results')} to start over`,
    );
  }
  ctx.updated_at = new Date().toISOString();
  ctx.sharebench = tool;
  return ctx;
}

function envMetaOf(spec: EnvSpec): EnvMeta {
  if (spec.kind === 'host') return { name: spec.name, fs: 'host', cache: null, dax: false, numa: null };
  return {
    name: spec.name,
    fs: spec.kind,
    cache: spec.cache,
    dax: spec.kind === 'virtiofs' && spec.daxWindowBytes !== null,
    numa: spec.numa,
  };
}

