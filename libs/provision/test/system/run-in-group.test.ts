import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { runInGroup } from '../../src/system/run-in-group.js';
import { descendants } from '../../src/system/process-tree.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function processesMentioning(text: string): Promise<string[]> {
  const found: string[] = [];
  for (const p of (await readdir('/proc')).filter((x) => /^\d+$/.test(x))) {
    const cmd = await readFile(`/proc/${p}/cmdline`, 'utf8').catch(() => '');
    if (cmd.includes(text)) found.push(`${p}: ${cmd.replace(/\0/g, ' ')}`);
  }
  return found;
}

describe('system/run-in-group', () => {
  it('kills fio and its job processes, which setsid() out of the group, on abort', async () => {
    const dir = await mkdtemp(join(os.tmpdir(), 'sb-group-'));
    dirs.push(dir);
    const controller = new AbortController();
    const args = ['--name=long', '--rw=randread', '--size=1m', '--numjobs=2', '--runtime=60s', '--time_based', `--directory=${dir}`, '--output-format=json'];
    const running = runInGroup('fio', args, { timeoutMs: 120_000, signal: controller.signal });
    // Wait until fio has forked its two jobs.
    let jobs: string[] = [];
    for (let i = 0; i < 100 && jobs.length < 3; i++) {
      await new Promise((r) => setTimeout(r, 100));
      jobs = await processesMentioning(dir);
    }
    expect(jobs.length).toBeGreaterThanOrEqual(3);
    controller.abort();
    const result = await running;
    expect(result.stopped).toBe('interrupted');
    await new Promise((r) => setTimeout(r, 200));
    expect(await processesMentioning(dir)).toEqual([]);
  });

  it('finds descendants through their parents', () => {
    expect(descendants(process.pid)).not.toContain(process.pid);
    expect(descendants(1).length).toBeGreaterThan(0);
  });
});
