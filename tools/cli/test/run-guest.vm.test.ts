import { afterEach, describe, expect, it } from 'vitest';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { tinyHostCampaign } from '@sharebench/execute/testing';
import { startCli } from './helpers.js';

const roots: string[] = [];
afterEach(async () => {
  for (const r of roots.splice(0)) await rm(r, { recursive: true, force: true });
});

/** Wall time of a Node process that prints one line and ends on its own, ms: starting and ending Node on this machine, now. */
async function nodeStartToExitMs(): Promise<number> {
  const t0 = performance.now();
  await execa(process.execPath, ['-e', "console.log('ready')"]);
  return performance.now() - t0;
}

describe('cli run with a guest', () => {
  it('ends promptly after its last line: no timer, socket or child keeps it alive', async () => {
    const t = await tinyHostCampaign('guest-exit', {
      envs: [{ name: '9p-mmap', kind: '9p', cache: 'mmap', memory: '512M', vcpus: 1 }],
      repeats: 1,
      fio: { workloads: ['randread'], ioengines: ['psync'], numjobs: [1], size: '1M', runtime: '300ms', direct: false },
    });
    roots.push(t.root);
    const { child, output } = startCli(['run', t.dir, '--accel', 'tcg']);
    let lastLineAt = 0;
    for (const stream of [child.stdout!, child.stderr!]) stream.on('data', () => (lastLineAt = performance.now()));
    const r = await child;
    const gapMs = performance.now() - lastLineAt;
    expect(r.exitCode, output.text).toBe(0);
    expect(r.stdout).toMatch(/1 ok, 0 failed/);
    // Relative to this machine's load now: ending takes less than twice starting and ending an empty
    // Node (the slowest of three). A timer or a child left behind holds it for seconds.
    const baselineMs = Math.max(await nodeStartToExitMs(), await nodeStartToExitMs(), await nodeStartToExitMs());
    expect(gapMs, `ended ${Math.round(gapMs)} ms after its last line; an empty Node takes ${Math.round(baselineMs)} ms`).toBeLessThan(2 * baselineMs);
    // --accel is recorded beside the campaign, and the guest says what it ran under and why.
    const ctx = JSON.parse(await readFile(join(t.dir, 'context.json'), 'utf8'));
    expect(ctx.execution.accel_override).toBe('tcg');
    expect(ctx.envs[0].session).toMatchObject({ accel: 'tcg', accel_reason: 'accel "tcg" was asked for' });
  }, 180_000);
});
