import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { runInGroup } from '../src/run-in-group.js';
import { descendants, isGone, type ProcessRef } from '../src/process-tree.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function processesMentioning(text: string): Promise<string[]> {
  return (await refsMentioning(text)).map((p) => String(p.pid));
}

async function refsMentioning(text: string): Promise<ProcessRef[]> {
  const found: ProcessRef[] = [];
  for (const p of (await readdir('/proc')).filter((x) => /^\d+$/.test(x))) {
    const cmd = await readFile(`/proc/${p}/cmdline`, 'utf8').catch(() => '');
    const stat = await readFile(`/proc/${p}/stat`, 'utf8').catch(() => '');
    if (cmd.includes(text)) found.push({ pid: Number(p), start: Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]) });
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
    let jobs: ProcessRef[] = [];
    for (let i = 0; i < 100 && jobs.length < 3; i++) {
      await new Promise((r) => setTimeout(r, 100));
      jobs = await refsMentioning(dir);
    }
    expect(jobs.length).toBeGreaterThanOrEqual(3);
    controller.abort();
    const result = await running;
    expect(result.stopped).toBe('interrupted');
    // Gone when it resolves, not some time later: a killed job with I/O in flight lives on until
    // the I/O completes (its cmdline empties first, so look by pid).
    expect(jobs.filter((p) => !isGone(p))).toEqual([]);
    expect(await processesMentioning(dir)).toEqual([]);
  });

  it('finds descendants through their parents', () => {
    expect(descendants(process.pid)).not.toContain(process.pid);
    expect(descendants(1).length).toBeGreaterThan(0);
  });
});
