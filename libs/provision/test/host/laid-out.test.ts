import { afterEach, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { laidOut } from '../../src/host/laid-out.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe('host/laid-out', () => {
  it('says yes only when every job file exists at full size', async () => {
    const dir = await mkdtemp(join(os.tmpdir(), 'sb-laid-'));
    dirs.push(dir);
    const args = ['--name=x', '--size=1m', '--numjobs=2', '--filename_format=sharebench.$jobnum.$filenum'];
    expect(await laidOut(dir, args)).toBe(false);
    await writeFile(join(dir, 'sharebench.0.0'), '');
    await truncate(join(dir, 'sharebench.0.0'), 1024 * 1024);
    expect(await laidOut(dir, args)).toBe(false);
    await writeFile(join(dir, 'sharebench.1.0'), '');
    await truncate(join(dir, 'sharebench.1.0'), 1024 * 1024 - 1);
    expect(await laidOut(dir, args)).toBe(false);
    await truncate(join(dir, 'sharebench.1.0'), 1024 * 1024);
    expect(await laidOut(dir, args)).toBe(true);
    // Other file naming, or a size it cannot read: never skip layout.
    expect(await laidOut(dir, args.slice(0, 3))).toBe(false);
    expect(await laidOut(dir, ['--size=1.5m', ...args.slice(2)])).toBe(false);
  });
});

describe('host/laid-out (metadata jobs)', () => {
  it('says yes when every file of every job is in the workdir at --filesize', async () => {
    const dir = await mkdtemp(join(os.tmpdir(), 'sb-laid-'));
    dirs.push(dir);
    const args = ['--name=filestat', '--nrfiles=3', '--filesize=4k', '--numjobs=2', '--filename_format=sharebench.filestat/f.$jobnum.$filenum'];
    expect(await laidOut(dir, args)).toBe(false);
    await mkdir(join(dir, 'sharebench.filestat'));
    for (const j of [0, 1]) for (const f of [0, 1, 2]) await writeFile(join(dir, 'sharebench.filestat', `f.${j}.${f}`), Buffer.alloc(4096));
    expect(await laidOut(dir, args)).toBe(true);
    await truncate(join(dir, 'sharebench.filestat', 'f.1.2'), 100);
    expect(await laidOut(dir, args)).toBe(false);
    expect(await laidOut(dir, args.filter((a) => !a.startsWith('--nrfiles')))).toBe(false);
  });
});
