import { afterEach, describe, expect, it } from 'vitest';
import { readdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execaNode } from 'execa';
import { fromArrowIpc, readTableBytes, type RunRow } from '@sharebench/analysis';
import { isGone } from '@sharebench/host';
import { processesNaming, until } from '@sharebench/host/testing';
import { tinyHostCampaign } from '@sharebench/execute/testing';
import { CLI, startCli } from './helpers.js';

const roots: string[] = [];
afterEach(async () => {
  for (const r of roots.splice(0)) await rm(r, { recursive: true, force: true });
});

describe('cli run (SIGINT and resume)', () => {
  it('stops on SIGINT with 130, kills fio, keeps finished runs, and resumes without duplicates', async () => {
    const t = await tinyHostCampaign('interrupted', {
      repeats: 3,
      // Direct libaio at queue depth 16: I/O in flight when the run is stopped.
      fio: { workloads: ['randread', 'randwrite'], ioengines: ['libaio'], numjobs: [1], size: '8M', runtime: '1s', direct: true },
    });
    roots.push(t.root);
    const env = { SHAREBENCH_CACHE_DIR: join(t.root, 'cache') };
    const { child, output } = startCli(['run', t.dir], { env });
    // Two runs are finished; the third one's fio and its job process are running.
    await output.waitFor(/\[2\/6\]/);
    const fios = await until('the third run\'s fio job runs', () => (processesNaming('fio', t.dir).length >= 2 ? processesNaming('fio', t.dir) : null), {
      while: child,
    });
    child.kill('SIGINT');
    const first = await child;
    // Right after exit, none of them is left: not one still running down its I/O (looked up by
    // pid and start time, since an exiting process's cmdline is empty), and no other fio naming the dataset.
    expect(first.exitCode, String(first.stderr)).toBe(130);
    expect(first.stderr).toMatch(/SIGINT: stopping the current run/);
    expect(fios.filter((p) => !isGone(p))).toEqual([]);
    expect(processesNaming('fio', t.dir)).toEqual([]);
    const interrupted = fromArrowIpc<RunRow>(await readTableBytes(t.dir, 'runs'));
    expect(interrupted).toHaveLength(6);
    // The two finished runs; the third, stopped; the three never started.
    expect(interrupted.filter((r) => r.status === 'ok')).toHaveLength(2);
    expect(interrupted.filter((r) => r.status === 'interrupted')).toHaveLength(4);

    const second = await execaNode(CLI, ['run', t.dir], { reject: false, env });
    expect(second.exitCode).toBe(0);
    const rows = fromArrowIpc<RunRow>(await readTableBytes(t.dir, 'runs'));
    expect(rows).toHaveLength(6);
    expect(rows.every((r) => r.status === 'ok')).toBe(true);
    expect(new Set(rows.map((r) => `${r.job}/${r.repeat}/${r.direction}`)).size).toBe(6);
    expect(existsSync(join(t.dir, '.sharebench.lock'))).toBe(false);
  });

  it('exits 2 with a one-line error for a bad campaign and writes nothing', async () => {
    const t = await tinyHostCampaign('bad', { order: 'random' });
    roots.push(t.root);
    const r = await execaNode(CLI, ['run', t.dir], { reject: false });
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/campaign\.json: order: "random" is not a run order; allowed: sequential, interleaved, shuffled/);
    expect(await readdir(t.dir)).toEqual(['campaign.json']);
  });

  it('refuses an unknown --accel with one line, and dry-runs kvm as this machine allows', async () => {
    const t = await tinyHostCampaign('accel', { envs: [{ name: '9p-none', kind: '9p', cache: 'none', memory: '512M' }] });
    roots.push(t.root);
    const bad = await execaNode(CLI, ['run', t.dir, '--accel', 'hvf'], { reject: false });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr.trim()).toBe('sharebench: --accel: "hvf" is not one of auto, kvm, tcg');
    const dry = await execaNode(CLI, ['run', t.dir, '--dry-run', '--accel', 'kvm'], { reject: false });
    expect(dry.exitCode, dry.stderr).toBe(0);
    // Told apart without the code under test: without /dev/kvm there is no KVM; with one, the plan
    // either runs the env or says why not.
    const unsupported = 'unsupported here: accel "kvm" was asked for but ';
    if (!existsSync('/dev/kvm')) expect(dry.stdout).toContain(`${unsupported}/dev/kvm does not exist (no KVM on this machine)`);
    else expect(dry.stdout).toMatch(/9p-none/);
    expect(await readdir(t.dir)).toEqual(['campaign.json']);
  });

  it('prints the plan on --dry-run and runs nothing', async () => {
    const t = await tinyHostCampaign('dry');
    roots.push(t.root);
    const r = await execaNode(CLI, ['run', t.dir, '--dry-run', '--repeats', '5'], { reject: false });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/1 env\(s\), 2 cell\(s\), 10 run\(s\)/);
    expect(r.stdout).toMatch(/estimated time/);
    expect(await readdir(t.dir)).toEqual(['campaign.json']);
  });
});
