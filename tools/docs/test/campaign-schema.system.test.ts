import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { normalizeCampaign } from '@sharebench/execute';
// @ts-expect-error: a plain .mjs script of npm run docs, without types
import { campaignSchema, SCHEMA_FILE } from '../campaign-schema.mjs';

const DATA = fileURLToPath(new URL('../../../data/', import.meta.url));
const PRESETS = readdirSync(DATA, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => `${DATA}${d.name}/campaign.json`);
const schemaText = readFileSync(SCHEMA_FILE, 'utf8');

// Debian's python3-jsonschema, an implementation of JSON Schema that is not ours: each document's
// errors as [path, message] pairs.
const VALIDATE = `
import json, sys, jsonschema
data = json.load(sys.stdin)
v = jsonschema.Draft7Validator(data["schema"])
print(json.dumps([[[".".join(str(p) for p in e.absolute_path), e.message] for e in v.iter_errors(d)] for d in data["docs"]]))
`;
async function validate(docs: unknown[]): Promise<Array<Array<[string, string]>>> {
  const r = await execa('/usr/bin/python3', ['-c', VALIDATE], { input: JSON.stringify({ schema: JSON.parse(schemaText), docs }) });
  return JSON.parse(r.stdout) as Array<Array<[string, string]>>;
}

describe('docs/campaign.schema.json', () => {
  it('is what npm run docs generates from the campaign input types', () => {
    expect(schemaText).toBe(campaignSchema());
  });

  it('validates every preset, and every preset names it and normalizes', async () => {
    const docs = PRESETS.map((f) => JSON.parse(readFileSync(f, 'utf8')) as Record<string, unknown>);
    expect(PRESETS.length).toBeGreaterThanOrEqual(4);
    expect(await validate(docs)).toEqual(docs.map(() => []));
    for (const [i, doc] of docs.entries()) {
      expect(doc['$schema']).toBe('../../docs/campaign.schema.json');
      expect(normalizeCampaign(doc, PRESETS[i]!, 'preset').envs.length).toBeGreaterThan(0);
    }
  });

  it('rejects an unknown key with the key named, as the campaign reader does', async () => {
    const quick = JSON.parse(readFileSync(`${DATA}quick/campaign.json`, 'utf8')) as { envs: Array<Record<string, unknown>> };
    const typoEnv = { ...quick, envs: [{ ...quick.envs[0], directory: '/tmp' }, ...quick.envs.slice(1)] };
    const typoTop = { ...quick, repeat: 3 };
    const [envErrors, topErrors] = await validate([typoEnv, typoTop]);
    expect(envErrors!.map(([, message]) => message).join('\n')).toMatch(/'directory'/);
    expect(topErrors).toEqual([['', expect.stringMatching(/Additional properties are not allowed \('repeat' was unexpected\)/)]]);
    expect(() => normalizeCampaign(typoEnv, 'c.json', 'c')).toThrow(/c\.json: envs\[0\]\.directory: unknown key/);
    expect(() => normalizeCampaign(typoTop, 'c.json', 'c')).toThrow(/c\.json: repeat: unknown key/);
  });
});
