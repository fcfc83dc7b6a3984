import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTEXT_SCHEMA, readContext, upgradeRunManifest } from '@sharebench/core';

// A dataset written by sharebench at commit beef8d8 (context schema 1): `npm run bench` here.
const SCHEMA1 = new URL('../../../fixtures/datasets/quick-schema1/', import.meta.url);

describe('core/dataset-context', () => {
  it('reads a schema-1 context as the current schema, keeping what it knew', async () => {
    const raw = JSON.parse(await readFile(new URL('context.json', SCHEMA1), 'utf8'));
    const ctx = await readContext(SCHEMA1.pathname);
    expect(ctx.schema).toBe(CONTEXT_SCHEMA);
    expect(ctx.envs.map((e) => e.name)).toEqual(raw.envs.map((e: { env: string }) => e.env));
    const vfs = ctx.envs.find((e) => e.name === 'virtiofs-auto')!;
    const rawVfs = raw.envs.find((e: { env: string }) => e.env === 'virtiofs-auto');
    expect(vfs).toMatchObject({ fs: 'virtiofs', cache: 'auto', dax: false, session: null, imported: null });
    // Loose provenance keys are kept as they were, for the report to show.
    expect(vfs.unstructured).toMatchObject({ qemu: rawVfs.qemu, accel_reason: rawVfs.accel_reason, kernel: rawVfs.kernel });
    expect(ctx.execution?.plan).toHaveLength(raw.execution.plan.length);
    expect(ctx.execution?.accel_override).toBeNull();
    // On disk names are snake_case: the campaign execute recorded in camelCase reads as snake_case.
    expect(ctx.execution?.campaign).toMatchObject({ name: 'quick', timeout_ms: raw.execution.campaign.timeoutMs, scratch_dir: null });
  });

  it('refuses a context from a newer sharebench, and one that is no context, with what to do', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sharebench-ctx-'));
    try {
      await writeFile(join(dir, 'context.json'), JSON.stringify({ schema: CONTEXT_SCHEMA + 1, envs: [], imports: [] }));
      await expect(readContext(dir)).rejects.toThrow(/written by a newer sharebench \(context schema 3, this one reads up to 2\); upgrade sharebench/);
      await writeFile(join(dir, 'context.json'), JSON.stringify({ schema: 1, envs: 'nope' }));
      await expect(readContext(dir)).rejects.toThrow(/not a valid sharebench context \(unexpected shape\); re-create the dataset/);
      await writeFile(join(dir, 'context.json'), '{');
      await expect(readContext(dir)).rejects.toThrow(/context\.json: not valid JSON/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('core/run-manifest', () => {
  it('reads a schema-1 run.json with the env name where the current schema has it', async () => {
    const raw = JSON.parse(await readFile(new URL('run-virtiofs-auto-randread-psync-r1.json', SCHEMA1), 'utf8'));
    const m = upgradeRunManifest(raw);
    expect(m.env).toMatchObject({ name: 'virtiofs-auto', fs: 'virtiofs', cache: 'auto', kind: 'virtiofs' });
    expect(m.env).not.toHaveProperty('env');
    expect(m).toMatchObject({ job: raw.job, repeat: raw.repeat, state: raw.state, command: raw.command });
    expect(() => upgradeRunManifest({ schema: 9, env: {}, job: {} })).toThrow(/unknown run manifest schema 9/);
  });
});
