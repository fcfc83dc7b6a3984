import { afterEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ResultPromise } from 'execa';
import { fromArrowIpc, readTableBytes, type RunRow } from '@sharebench/analysis';
import { tinyHostCampaign } from '@sharebench/execute/testing';
import { FIXTURES as FIX, startCli } from './helpers.js';

const roots: string[] = [];
const started: ResultPromise[] = [];
afterEach(async () => {
  // A test that failed half-way may leave a run stopped (SIGSTOP): it goes, then its files.
  for (const c of started.splice(0)) {
    if (c.exitCode === null && c.signalCode === null) {
      c.kill('SIGCONT');
      c.kill('SIGKILL');
      await c;
    }
  }
  for (const r of roots.splice(0)) await rm(r, { recursive: true, force: true });
});

/** Starts `sharebench ...args`; `ended` resolves with its result and the time it ended. */
function start(...args: string[]) {
  const { child, output } = startCli(args);
  started.push(child);
  const ended = child.then((r) => ({ exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr), at: performance.now() }));
  return { child, output, ended };
}

/**
 * The holder, paused: SIGSTOP once `marker` shows it holds its locks, so that whatever the test
 * does next happens while it holds them, however slowly this machine starts the next process.
 * `resume` lets it go on.
 */
async function pauseWhenHolding(run: ReturnType<typeof start>, marker: RegExp): Promise<{ resume: () => void }> {
  await run.output.waitFor(marker);
  run.child.kill('SIGSTOP');
  return { resume: () => run.child.kill('SIGCONT') };
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

// "4 runs, estimated 3s": printed once a run holds the dataset and host locks, before its first run.
const HOLDS_LOCKS = /^\d+ runs.*, estimated /m;

describe('cli run under contention (dataset and host locks)', () => {
  it('lets one of two runs into one dataset measure and refuses the other at once (exit 2, the holder named)', async () => {
    const t = await tinyHostCampaign('twice');
    roots.push(t.root);
    const a = start('run', t.dir);
    const holder = await pauseWhenHolding(a, HOLDS_LOCKS);
    const b = start('run', t.dir);
    const refused = await b.ended;
    holder.resume();
    const winner = await a.ended;
    expect(winner.exitCode, winner.stderr).toBe(0);
    expect(refused.exitCode, refused.stderr).toBe(2);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    const named = `^sharebench: ${t.dir}: in use by pid ${a.child.pid} \\('sharebench run ${t.dir}'\\) since \\S+; one command writes a dataset at a time`;
    expect(refused.stderr).toMatch(new RegExp(named));
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
    // While the first one measures: the second is refused; with --wait it queues.
    const holder = await pauseWhenHolding(a, /\[1\/6\]/);
    const refused = await start('run', second.dir).ended;
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toContain(`another campaign is measuring on this host: dataset ${first.dir} (pid ${a.child.pid} `);
    expect(refused.stderr).toMatch(/pass --wait to queue behind it$/m);
    expect(existsSync(join(second.dir, 'raw'))).toBe(false);
    const queued = start('run', second.dir, '--wait');
    await queued.output.waitFor(new RegExp(`^sharebench: waiting: another campaign is measuring on this host: dataset ${first.dir}`, 'm'));
    holder.resume();
    const [ra, rq] = await Promise.all([a.ended, queued.ended]);
    expect(ra.exitCode, ra.stderr).toBe(0);
    expect(rq.exitCode, rq.stderr).toBe(0);
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
    const holder = await pauseWhenHolding(a, HOLDS_LOCKS);
    const query = await start('query', t.dir, '--table', 'runs', '--format', 'csv').ended;
    expect(query.exitCode, query.stderr).toBe(0);
    expect(query.stdout.trim().split('\n')).toHaveLength(1 + 3);
    const analyze = await start('analyze', t.dir).ended;
    expect(analyze.exitCode).toBe(2);
    expect(analyze.stderr).toMatch(/in use by pid \d+ \('sharebench run .*'\) since \S+; one command writes a dataset at a time \(query and report still read it\): wait for it to end$/m);
    const imported = await start('import', join(FIX, 'fio-3.33/json-psync-randread.json'), '--out', t.dir).ended;
    expect(imported.exitCode).toBe(2);
    expect(imported.stderr).toMatch(new RegExp(`in use by pid ${a.child.pid} \\('sharebench run `));
    holder.resume();
    expect((await a.ended).exitCode).toBe(0);
  });
});
