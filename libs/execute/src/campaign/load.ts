import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '@sharebench/core';
import { normalizeCampaign } from './normalize.js';
import { checkShares } from './check-shares.js';
import type { EnvSpec } from '@sharebench/provision';
import type { Campaign } from './types.js';
import { message } from '../messages.js';

/**
 * Loads `data/<name>/campaign.json` (given the file or its directory), normalizes it and judges the
 * directories it names for sharing (checkShares). The campaign's default name is its directory's name.
 */
export async function loadCampaign(pathOrDir: string): Promise<Campaign> {
  const st = await stat(pathOrDir).catch(() => null);
  if (!st) throw new InputError(message.noCampaign(pathOrDir));
  const file = resolve(st.isDirectory() ? join(pathOrDir, 'campaign.json') : pathOrDir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new InputError(message.campaignUnreadable(file, (err as NodeJS.ErrnoException).code ?? (err as Error).message), { cause: err });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new InputError(message.campaignNotJson(file, (err as Error).message), { cause: err });
  }
  const campaign = normalizeCampaign(raw, file, basename(dirname(file)));
  // The directories it would share are judged on this host now, before anything is created.
  await checkShares(campaign, null);
  return campaign;
}

/**
 * The identity of what a campaign measures: a hash of its normalized envs and jobs (sizes,
 * runtimes, options) and exclusions. Repeats, order and timeouts are left out: more repeats of
 * the same measurement belong in the same dataset.
 */
export function campaignHash(c: Campaign): string {
  // An I/O job hashes as it did before job kinds, so datasets of earlier campaigns still resume.
  const jobs = c.jobs.map((j) => (j.kind === 'io' ? (({ kind: _kind, ...rest }) => rest)(j) : j));
  const measured = { name: c.name, envs: c.envs.map(envAsBefore), jobs, cells: c.cells };
  return createHash('sha256').update(JSON.stringify(measured)).digest('hex').slice(0, 16);
}

// An env spec as it hashed before `sandbox`, `security_model` and a QEMU from Debian packages
// were keys: the daemons' default sandbox, 9p's security model of then and no Debian QEMU hash as
// nothing, so datasets measured so still resume; the new 9p default (mapped-xattr) is another
// measurement, and another hash.
function envAsBefore(e: EnvSpec): unknown {
  const spec = e.kind !== 'host' && e.qemuPackage === null ? (({ qemuPackage: _q, ...rest }) => rest)(e) : e;
  if (spec.kind === 'virtiofs' && spec.sandbox === 'namespace') return (({ sandbox: _sandbox, ...rest }) => rest)(spec);
  if (spec.kind === '9p' && spec.securityModel === 'none') return (({ securityModel: _model, ...rest }) => rest)(spec);
  return spec;
}
