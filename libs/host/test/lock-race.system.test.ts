import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { acquireLock, selfHolder } from '@sharebench/host';
import { bundleScript, outputOf } from '@sharebench/host/testing';

let dir: string;
let contender: string;
beforeAll(async () => {
  dir = await mkdtemp(join(os.tmpdir(), 'sharebench-lock-race-'));
  // The contenders are separate Node processes running this lib's source, bundled.
  contender = bundleScript(new URL('./fixtures/lock-contender.ts', import.meta.url), join(dir, 'lock-contender.mjs'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('host/lock between processes', () => {
  it.each([1, 2, 3])('gives a stale lock to exactly one of eight processes racing for it, and only that one may say it took over (round %i)', async (round) => {
    const path = join(dir, `round-${round}`, '.sharebench.lock');
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    await acquireLock(path, { ...selfHolder('gone', '/x'), pid: dead }, { busy: () => 'busy' });
    const children = Array.from({ length: 8 }, () => execa(process.execPath, [contender, path], { reject: false, stdin: 'pipe' }));
    const outputs = children.map((c) => outputOf(c, ['stdout']));
    // The winner holds the lock until every contender has decided: none can come after its release.
    await Promise.all(outputs.map((o) => o.waitFor(/^(won|refused by \d+)$/m)));
    for (const c of children) c.stdin!.end();
    const results = await Promise.all(children);
    const said = results.map((r) => String(r.stdout).trim());
    const winners = said.flatMap((s, i) => (s.endsWith('won') ? [i] : []));
    expect(winners, said.join(' | ')).toHaveLength(1);
    const winner = winners[0]!;
    // Only the process that holds the lock may say it took it over (one that came after the stale
    // file was gone found a free lock, and says nothing); a contender that lost never does.
    expect(said[winner]).toMatch(/^(took over\n)?won$/);
    for (const [i, s] of said.entries()) if (i !== winner) expect(s).toBe(`refused by ${children[winner]!.pid}`);
    // No take-over guard is left behind.
    expect(await readdir(join(dir, `round-${round}`))).toEqual([]);
  });
});
