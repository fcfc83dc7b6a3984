import { afterEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { acquireLock, selfHolder } from '@sharebench/host';

// The built core (npm test builds first): the contenders are separate Node processes.
const CORE = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const CONTENDER = `
const { acquireLock, selfHolder } = await import(process.argv[1]);
try {
  const busy = (h) => 'refused by ' + h.pid;
  const lock = await acquireLock(process.argv[2], selfHolder('contender', '/x'), { busy, onTakeOver: () => console.log('took over') });
  console.log('won');
  await new Promise((r) => setTimeout(r, 2000));
  lock.release();
} catch (err) {
  console.log(err.message);
}
`;

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe('core/lock between processes', () => {
  it('gives a stale lock to exactly one of eight processes racing for it', async () => {
    const dir = await mkdtemp(join(os.tmpdir(), 'sharebench-lock-race-'));
    dirs.push(dir);
    const path = join(dir, '.sharebench.lock');
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    await acquireLock(path, { ...selfHolder('gone', '/x'), pid: dead }, { busy: () => 'busy' });
    const children = Array.from({ length: 8 }, () => execa(process.execPath, ['--input-type=module', '-e', CONTENDER, CORE, path], { reject: false }));
    const outputs = (await Promise.all(children)).map((r) => String(r.stdout).trim());
    const winners = outputs.filter((o) => o.endsWith('won'));
    expect(winners, outputs.join(' | ')).toHaveLength(1);
    expect(outputs.filter((o) => o.includes('took over'))).toHaveLength(1);
    const winnerPid = children[outputs.findIndex((o) => o.endsWith('won'))]!.pid;
    for (const o of outputs.filter((x) => !x.endsWith('won'))) expect(o).toBe(`refused by ${winnerPid}`);
  });
});
