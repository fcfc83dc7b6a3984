import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CONTEXT_SCHEMA, hostProvenance, InputError, readContext, type DatasetContext, type EnvMeta } from '@sharebench/core';
import type { EnvSpec } from '@sharebench/provision';
import type { Campaign } from '../campaign/types.js';
import { message } from '../messages.js';

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
    throw new InputError(message.datasetIsMerged(dir));
  }
  const previous = ctx.execution?.campaign_hash;
  if (ctx.imports.length > 0 && previous === undefined) {
    throw new InputError(message.datasetIsImported(dir));
  }
  if (previous !== undefined && previous !== hash) {
    throw new InputError(message.datasetOtherCampaign(dir, String(previous), hash, [join(dir, 'raw'), join(dir, 'context.json'), join(dir, 'results')]));
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

