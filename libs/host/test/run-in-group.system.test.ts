import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { runInGroup } from '../src/run-in-group.js';
import { descendants, isGone } from '../src/process-tree.js';
import { processesNaming, until } from '@sharebench/host/testing';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe('host/run-in-group', () => {
  it('kills fio and its job processes, which setsid() out of the group, on abort', async () => {
    const dir = await mkdtemp(join(os.tmpdir(), 'sb-group-'));
    dirs.push(dir);
    const controller = new AbortController();
    const args = ['--name=long', '--rw=randread', '--size=1m', '--numjobs=2', '--runtime=60s', '--time_based', `--directory=${dir}`, '--output-format=json'];
    const running = runInGroup('fio', args, { timeoutMs: 120_000, signal: controller.signal });
    // Once fio has forked its two jobs.
    const jobs = await until('fio has forked its two jobs', () => {
      const found = processesNaming('fio', dir);
      return found.length >= 3 ? found : null;
    });
    controller.abort();
    const result = await running;
    expect(result.stopped).toBe('interrupted');
    // Gone when it resolves, not some time later: a killed job with I/O in flight lives on until
    // the I/O completes (its cmdline empties first, so look by pid).
    expect(jobs.filter((p) => !isGone(p))).toEqual([]);
    expect(processesNaming('fio', dir)).toEqual([]);
  });

  it('finds descendants through their parents', () => {
    expect(descendants(process.pid)).not.toContain(process.pid);
    expect(descendants(1).length).toBeGreaterThan(0);
  });
});
