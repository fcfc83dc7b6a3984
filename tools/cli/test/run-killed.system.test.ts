import { afterEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execaNode } from 'execa';
import { computeTables, fromArrowIpc, readTableBytes, type RunRow } from '@sharebench/analysis';
import { processesNaming, until } from '@sharebench/host/testing';
import { tinyHostCampaign } from '@sharebench/execute/testing';
import { CLI, startCli } from './helpers.js';

const roots: string[] = [];
afterEach(async () => {
  for (const r of roots.splice(0)) await rm(r, { recursive: true, force: true });
});

describe('cli run after kill -9', () => {
  it('takes the stale lock over, kills what was left, resumes, and no half-written file counts', async () => {
    const t = await tinyHostCampaign('killed', {
      repeats: 3,
      fio: { workloads: ['randread', 'randwrite'], ioengines: ['libaio'], numjobs: [1], size: '8M', runtime: '1s', direct: true },
    });
    roots.push(t.root);
    const { child, output } = startCli(['run', t.dir]);
    // Killed in the third run, once its fio job runs: two runs are finished.
    await output.waitFor(/\[2\/6\]/);
    await until('the third run\'s fio job runs', () => processesNaming('fio', t.dir).length >= 2, { while: child });
    child.kill('SIGKILL');
    expect((await child).signal).toBe('SIGKILL');
    const lock = JSON.parse(await readFile(join(t.dir, '.sharebench.lock'), 'utf8'));
    expect(lock.pid).toBe(child.pid);
    // SIGKILL leaves fio running (it runs in its own process group). Stopped here, so that it is
    // still there when the next run starts, however long that takes on this machine.
    const orphans = processesNaming('fio', t.dir);
    expect(orphans.length).toBeGreaterThan(0);
    for (const p of orphans) process.kill(p.pid, 'SIGSTOP');
    // What a kill between writes can leave: output without a run.json, and a temporary file.
    const half = join(t.dir, 'raw/runs/host/randread-libaio/r3');
    await mkdir(half, { recursive: true });
    await writeFile(join(half, 'stdout.json'), '{"fio version": "fio-3.33", "jobs": [');
    await writeFile(join(half, `.stdout.json.${child.pid}.0badf00d.tmp`), '{"fio');
    // Killed before its analysis: no results table yet; rebuilt from raw/, the finished runs are
    // ok and the one it was killed in is interrupted, not its half output.
    await expect(readTableBytes(t.dir, 'runs')).rejects.toThrow(/results\/runs.arrow: no runs table; run 'sharebench analyze /);
    const partial = await computeTables(t.dir);
    expect(partial.runs.filter((r) => r.status === 'ok')).toHaveLength(2);
    expect(partial.runs.find((r) => r.job === 'randread-libaio' && r.repeat === 3)).toMatchObject({ status: 'interrupted', bw_bytes: null });

    const second = await execaNode(CLI, ['run', t.dir], { reject: false });
    expect(second.exitCode, second.stderr).toBe(0);
    const tookOver = `note: took over ${t.dir}'s lock from pid ${child.pid} \\('sharebench run ${t.dir}'\\) since \\S+, which is gone`;
    expect(second.stderr).toMatch(new RegExp(tookOver));
    // The next run kills what was left before measuring, and says so for each process.
    const killed = [...second.stderr.matchAll(/note: killed a process an earlier sharebench left running in this dataset: fio \(pid (\d+)\): fio --name=/g)];
    expect(killed.map((m) => Number(m[1])).sort()).toEqual(orphans.map((p) => p.pid).sort());
    expect(processesNaming('fio', t.dir)).toEqual([]);
    const rows = fromArrowIpc<RunRow>(await readTableBytes(t.dir, 'runs'));
    expect(rows).toHaveLength(6);
    expect(rows.every((r) => r.status === 'ok')).toBe(true);
    expect(await readdir(half)).toEqual(['run.json', 'stderr.txt', 'stdout.json']);
    expect(JSON.parse(await readFile(join(half, 'run.json'), 'utf8')).state).toBe('completed');
    expect(existsSync(join(t.dir, '.sharebench.lock'))).toBe(false);
  });
});
