import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { treeEntries } from '@sharebench/core';
import { initScript, initScriptPath } from '../../src/guest/init-script.js';
import { encodeDevloopRequest, encodeRunRequest, encodeTreeRequest, QUIT_REQUEST } from '../../src/guest/protocol.js';
import { nextMessage, runExchange, stopSignals } from '../../src/guest/run-exchange.js';
import { ensureTreeArchives } from '../../src/tree/tree-tarball.js';
import { ensureDevloopKit } from '../../src/devloop/devloop-kit.js';
import { buildProbe } from '../../src/semantics/build-probe.js';
import { PROBE_CHECKS } from '../../src/semantics/probe-checks.js';
import { probeArgs, sqliteWalRow } from '../../src/semantics/semantics-run.js';
import { probeExchange } from '../../src/guest/probe-exchange.js';
import { cacheDir, expectedEntries, MESSAGE_LIMIT_MS, startInit, tinyJob, type InitUnderTest } from '@sharebench/provision/testing';

// The guest's request loop without QEMU: the real init.sh under the host's busybox sh, driven by
// the real host side (GuestChannel, runExchange) with the lines the host sends a guest.

const never = new AbortController().signal;
const stop = () => stopSignals(MESSAGE_LIMIT_MS, undefined, never);
const b64 = (s: string) => Buffer.from(s).toString('base64');
const running: InitUnderTest[] = [];
const start = async (...args: Parameters<typeof startInit>) => {
  const init = await startInit(...args);
  running.push(init);
  return init;
};

afterEach(async () => {
  await Promise.all(running.splice(0).map((i) => i.stop()));
});

describe('guest/init.sh', () => {
  it('is clean under shellcheck, as written and as the image gets it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sharebench-shellcheck-'));
    try {
      await writeFile(join(dir, 'init'), initScript());
      for (const file of [initScriptPath(), join(dir, 'init')]) {
        const checked = await execa('shellcheck', ['--format=gcc', file], { reject: false });
        expect(checked.stdout, file).toBe('');
        expect(checked.exitCode).toBe(0);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('attaches with READY: the mount line it checks, its kernel, fio\'s version and its resources', async () => {
    const init = await start({ mountLine: '' });
    expect(init.ready).toMatchObject({ mount: '', kernel: release() });
    expect(init.ready.fioVersion).toMatch(/^fio-\d/);
    expect(init.ready.resources).toMatch(/^cpus=\d+ MemTotal:/);
  });

  it('runs fio: lays out in a fresh workdir, syncs and drops caches, waits for GO, then returns the json+ output', async () => {
    const init = await start();
    const order: string[] = [];
    const request = encodeRunRequest('1', tinyJob, 'layout', { name: 'w1', fresh: true });
    const end = await runExchange(init.channel, {
      id: '1',
      request,
      beforeGo: async () => {
        // The guest has laid out and dropped its caches before it says PREPARED.
        order.push(`laid out ${(await stat(join(init.mnt, 'sharebench.0.0'))).size}`, `drop ${await readFile(init.dropCaches, 'utf8')}`);
      },
    }, stop());
    expect(order).toEqual(['laid out 1048576', 'drop 3\n']);
    expect(end).toMatchObject({ kind: 'result', exitCode: 0, stderr: '' });
    if (end.kind !== 'result') return;
    const out = JSON.parse(end.stdout) as { jobs: Array<{ jobname: string; read: { io_bytes: number } }> };
    expect(out.jobs[0]!.jobname).toBe('tiny');
    expect(out.jobs[0]!.read.io_bytes).toBeGreaterThan(0);
    expect(end.durationMs).toBeGreaterThanOrEqual(1000);
    expect((await stat(join(init.mnt, 'w1'))).isDirectory()).toBe(true);
  });

  it('reports a failed layout with fio\'s output and never asks for GO', async () => {
    const init = await start();
    const args = tinyJob.map((a) => (a.startsWith('--ioengine=') ? '--ioengine=nosuchengine' : a));
    const end = await runExchange(init.channel, { id: '2', request: encodeRunRequest('2', args), beforeGo: async () => expect.fail('no GO') }, stop());
    expect(end).toMatchObject({ kind: 'prepareFailed', exitCode: 1 });
    expect(end.kind === 'prepareFailed' && end.output).toContain('engine nosuchengine not loadable');
  });

  it('refuses what it must not run: an unsafe workdir, an unknown tree operation, a tree it was not given', async () => {
    const init = await start();
    const exchange = (id: string, request: string) => runExchange(init.channel, { id, request, beforeGo: async () => {} }, stop());
    // encodeRunRequest refuses such a workdir itself: this is the guest's own check.
    expect(await exchange('3', `RUN 3 ${b64('--name=x\0')} none .. fresh\n`)).toEqual({ kind: 'refused', reason: 'workdir .. is not one safe name' });
    expect(await exchange('4', 'TREE 4 chmod\n')).toEqual({ kind: 'refused', reason: 'unknown tree operation chmod' });
    expect(await exchange('5', encodeTreeRequest('5', 'walk'))).toMatchObject({ kind: 'refused', reason: expect.stringContaining('booted without a tree') });
  });

  it('refuses every run once the share is not the mount it checked', async () => {
    const init = await start({ mountLine: 'sharebench /mnt/share virtiofs rw,relatime 0 0' });
    const end = await runExchange(init.channel, { id: '6', request: encodeRunRequest('6', tinyJob), beforeGo: async () => {} }, stop());
    expect(end).toMatchObject({ kind: 'refused', reason: expect.stringContaining('is no longer the test mount checked at boot') });
  });

  it('runs the tree operations on the tarball it was given, counting what each handled', async () => {
    const cache = await mkdtemp(join(tmpdir(), 'sharebench-tree-'));
    try {
      const spec = { dirs: 2, files_per_dir: 3, file_size_bytes: 512 };
      const archives = await ensureTreeArchives(spec, cache);
      const init = await start({ treeTar: archives.tarPath });
      const counts: Record<string, number> = {};
      for (const [i, op] of (['untar', 'walk', 'read', 'delete'] as const).entries()) {
        const id = String(10 + i);
        const end = await runExchange(init.channel, { id, request: encodeTreeRequest(id, op), beforeGo: async () => {} }, stop());
        expect(end, op).toMatchObject({ kind: 'result', exitCode: 0, stderr: '' });
        if (end.kind !== 'result') return;
        const result = JSON.parse(end.stdout) as { op: string; entries: number; elapsed_ms: number; tick_ms: number };
        expect(result.op).toBe(op);
        // The same clock read to the microsecond (tick 1 µs, /proc/timer_list) and to the whole millisecond the RESULT line says.
        expect(result.tick_ms).toBe(0.001);
        expect(Math.abs(result.elapsed_ms - end.durationMs)).toBeLessThan(1);
        counts[op] = result.entries;
      }
      const { entries, files } = treeEntries(spec);
      expect(counts).toEqual({ untar: entries, walk: entries, read: files, delete: entries });
      await expect(stat(join(init.mnt, 'sharebench.tree'))).rejects.toThrow('ENOENT');
    } finally {
      await rm(cache, { recursive: true, force: true });
    }
  });

  it('runs the developer loops with the kit it was given, and says why it cannot without one', async () => {
    const cache = await mkdtemp(join(tmpdir(), 'sharebench-kit-'));
    try {
      const spec = {
        repo: { files: 10, dirs: 2, commits: 2, file_size_bytes: 100, changed_files: 3 },
        install: { packages: 3, files_per_package: 3, file_size_bytes: 50, workers: 2 },
        sqlite: { transactions: 2, rows_per_transaction: 2 },
      };
      const kit = await ensureDevloopKit(spec, cache);
      const init = await start({ devloopKit: kit.dir });
      const expected = expectedEntries(spec);
      for (const [i, op] of (['git-status-cold', 'git-commit', 'npm-install', 'npm-rm', 'sqlite-insert'] as const).entries()) {
        const id = String(20 + i);
        const end = await runExchange(init.channel, { id, request: encodeDevloopRequest(id, op), beforeGo: async () => {} }, stop());
        expect(end, op).toMatchObject({ kind: 'result', exitCode: 0, stderr: '' });
        if (end.kind !== 'result') return;
        expect(JSON.parse(end.stdout)).toMatchObject({ op, entries: expected[op] });
      }
      const bare = await start();
      const refused = await runExchange(bare.channel, { id: '30', request: encodeDevloopRequest('30', 'git-diff'), beforeGo: async () => {} }, stop());
      expect(refused).toMatchObject({ kind: 'refused', reason: expect.stringContaining("booted without the developer loops' kit") });
      expect(await runExchange(bare.channel, { id: '31', request: 'DEVLOOP 31 ../x\n', beforeGo: async () => {} }, stop())).toEqual({
        kind: 'refused',
        reason: '../x is not a developer-loop operation',
      });
    } finally {
      await rm(cache, { recursive: true, force: true });
    }
  });

  it('runs the semantics probe, its lines relayed and the host side\'s replies fed back, then SQLite\'s WAL check', async () => {
    const probe = await buildProbe(cacheDir);
    const init = await start({ probe: probe.path });
    const args = probeArgs({ checkTimeoutMs: 10_000, peerTimeoutMs: 30_000, eventMs: 2000, timeoutMs: 0 });
    const end = await probeExchange(init.channel, { id: '40', args, hostDir: init.mnt, source: 'semantics-probe under init.sh' }, stop());
    expect(end).toMatchObject({ kind: 'result', exitCode: 0, problem: null });
    if (end.kind !== 'result') return;
    expect(end.transcript[0]).toMatch(/^BEGIN\t1\t/);
    expect(end.output!.end.clean).toBe(true);
    // Every check has its row, the runner's two included, in the probe's order.
    expect(end.output!.rows.map((r) => r.check).sort()).toEqual([...PROBE_CHECKS].sort());
    const result = new Map(end.output!.rows.map((r) => [r.check, r.result]));
    // One local directory on both sides: the runner's new file wakes the probe's watch, the owner is the same.
    expect([result.get('inotify'), result.get('owner_on_host'), result.get('symlink_on_host')]).toEqual(['ok', 'ok', 'ok']);
    expect(sqliteWalRow(end.sqlite)).toMatchObject({ check: 'sqlite_wal', result: 'ok' });
    init.channel.send(QUIT_REQUEST);
    await init.exited;
    expect(init.console()).not.toContain('ignored during the probe');
    expect(await readdir(init.mnt)).toEqual([]);

    const bare = await start();
    const refused = await probeExchange(bare.channel, { id: '41', args, hostDir: bare.mnt, source: 'x' }, stop());
    expect(refused).toMatchObject({ kind: 'refused', reason: expect.stringContaining('booted without the semantics probe') });
  });

  it('ends a run without running it when GO names another run, and goes on after an unknown request', async () => {
    const init = await start();
    init.channel.send('HELLO 1\n');
    init.channel.send(encodeRunRequest('7', tinyJob, 'none'));
    expect(await nextMessage(init.channel, stop())).toMatchObject({ kind: 'prepared', id: '7', exitCode: 0 });
    init.channel.send('GO 8\n');
    expect(await nextMessage(init.channel, stop())).toEqual({ kind: 'end', id: '7' });
    init.channel.send(QUIT_REQUEST);
    await init.exited;
    expect(init.console()).toContain('unknown request from the host: HELLO');
    expect(init.console()).toContain('expected GO 7 from the host, got: GO 8');
  });

  it('leaves on QUIT and when the host closes the channel, and never powers off off PID 1', async () => {
    const quitting = await start();
    quitting.channel.send(QUIT_REQUEST);
    expect(await quitting.exited).toEqual({ code: 0, signal: null });
    const closing = await start();
    await closing.channel.close();
    expect(await closing.exited).toEqual({ code: 0, signal: null });
    for (const init of [quitting, closing]) expect(init.console()).toContain('sharebench: powering off: host closed the channel');
  });
});

