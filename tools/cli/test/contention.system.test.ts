import { afterEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { execaNode, type ResultPromise } from 'execa';
import { fromArrowIpc, readTableBytes, type RunRow } from '@sharebench/analysis';
import { tinyHostCampaign } from '@sharebench/execute/testing';

const CLI = fileURLToPath(new URL('../bin/sharebench.js', import.meta.url));
const FIX = fileURLToPath(new URL('../../../fixtures/', import.meta.url));
const roots: string[] = [];
afterEach(async () => {
  for (const r of roots.splice(0)) await rm(r, { recursive: true, force: true });
});

/** Starts `sharebench ...args`; resolves with its result and the time it ended. */
function start(...args: string[]): { child: ResultPromise; ended: Promise<{ exitCode: number; stdout: string; stderr: string; at: number }> } {
  const child = execaNode(CLI, args, { reject: false });
  const ended = child.then((r) => ({ exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr), at: performance.now() }));
  return { child, ended };
}

async function runJsons(dataset: string): Promise<string[]> {
  const out: string[] = [];
  const root = join(dataset, 'raw/runs');
  for (const env of await readdir(root)) {
    for (const job of await readdir(join(root, env))) {
      for (const rep of await readdir(join(root, env, job))) {
        if ((await readdir(join(root, env, job, rep))).includes('run.json')) out.push(`${env}/${job}/${rep}`);
      }
    }
  }
  return out.sort();
}

describe('cli run under contention (dataset and host locks)', () => {
  it('lets one of two runs into one dataset measure and refuses the other at once (exit 2, the holder named)', async () => {
    const t = await tinyHostCampaign('twice');
    roots.push(t.root);
    const a = start('run', t.dir);
    await sleep(300);
    const b = start('run', t.dir);
    const [ra, rb] = await Promise.all([a.ended, b.ended]);
    const [winner, loser] = ra.exitCode === 0 ? [ra, rb] : [rb, ra];
    expect(winner.exitCode, winner.stderr).toBe(0);
    expect(loser.exitCode, loser.stderr).toBe(2);
    // At once: refused while the other one was still measuring.
    expect(loser.at).toBeLessThan(winner.at);
    expect(loser.stderr.trim().split('\n')).toHaveLength(1);
    const holder = `^sharebench: ${t.dir}: in use by pid \\d+ \\('sharebench run ${t.dir}'\\) since \\S+; one command writes a dataset at a time`;
    expect(loser.stderr).toMatch(new RegExp(holder));
    // Exactly the planned runs: 2 jobs x 2 repeats, one run.json each, 6 rows (randrw has two directions).
    expect(await runJsons(t.dir)).toEqual(['host/randread-psync/r1', 'host/randread-psync/r2', 'host/randrw-psync/r1', 'host/randrw-psync/r2']);
    const rows = fromArrowIpc<RunRow>(await readTableBytes(t.dir, 'runs'));
    expect(rows).toHaveLength(6);
    expect(rows.every((r) => r.status === 'ok')).toBe(true);
    expect(existsSync(join(t.dir, '.sharebench.lock'))).toBe(false);
  });

  it('refuses a second campaign measuring on the host, naming the first one\'s dataset; --wait queues it', async () => {
    const first = await tinyHostCampaign('first', { repeats: 3 });
    const second = await tinyHostCampaign('second', { repeats: 1 });
    roots.push(first.root, second.root);
    const a = start('run', first.dir);
    // Wait until the first one measures, then try the second: refused; with --wait: queued.
    await new Promise<void>((resolve) => a.child.stderr!.on('data', (c: Buffer) => /\[1\/6\]/.test(c.toString()) && resolve()));
    const refused = await start('run', second.dir).ended;
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toContain(`another campaign is measuring on this host: dataset ${first.dir} (pid `);
    expect(refused.stderr).toMatch(/pass --wait to queue behind it$/m);
    expect(existsSync(join(second.dir, 'raw'))).toBe(false);
    const queued = start('run', second.dir, '--wait');
    const [ra, rq] = await Promise.all([a.ended, queued.ended]);
    expect(ra.exitCode, ra.stderr).toBe(0);
    expect(rq.exitCode, rq.stderr).toBe(0);
    expect(rq.stderr).toContain(`sharebench: waiting: another campaign is measuring on this host: dataset ${first.dir}`);
    // It measured only once the first had finished.
    const firstDone = JSON.parse(await readFile(join(first.dir, 'context.json'), 'utf8')).execution.last_finished_at as string;
    const secondStarted = JSON.parse(await readFile(join(second.dir, 'context.json'), 'utf8')).execution.last_started_at as string;
    expect(Date.parse(secondStarted)).toBeGreaterThanOrEqual(Date.parse(firstDone));
  });

  it('lets readers read while a run writes, and refuses analyze and import', async () => {
    const t = await tinyHostCampaign('readers', { repeats: 3 });
    roots.push(t.root);
    // A first, finished run gives the dataset its results; a second one (more repeats) holds the lock.
    expect((await start('run', t.dir, '--repeats', '1').ended).exitCode).toBe(0);
    const a = start('run', t.dir);
    await new Promise<void>((resolve) => a.child.stderr!.on('data', (c: Buffer) => /\[\d\/6\]/.test(c.toString()) && resolve()));
    const query = await start('query', t.dir, '--table', 'runs', '--format', 'csv').ended;
    expect(query.exitCode, query.stderr).toBe(0);
    const analyze = await start('analyze', t.dir).ended;
    expect(analyze.exitCode).toBe(2);
    expect(analyze.stderr).toMatch(/in use by pid \d+ \('sharebench run .*'\) since \S+; one command writes a dataset at a time \(query and report still read it\): wait for it to end$/m);
    const imported = await start('import', join(FIX, 'fio-3.33/json-psync-randread.json'), '--out', t.dir).ended;
    expect(imported.exitCode).toBe(2);
    expect(imported.stderr).toMatch(/in use by pid \d+ \('sharebench run /);
    expect((await a.ended).exitCode).toBe(0);
  });
});
