import { lastLines } from '@sharebench/core';
import { access, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runInGroup, dropHostCaches } from '@sharebench/host';
import { treeCommand, type TreePaths } from '../tree/tree-commands.js';
import type { TreeResult } from '@sharebench/core';
import { TREE_DIR, TREE_MARK } from '../tree/tree-layout.js';
import type { FioRunResult, TreeRunRequest } from '../types.js';
import { message } from '../messages.js';

/** What a host session needs for tree operations: the tarball's bytes and the static busybox a guest runs too. */
export interface HostTree {
  tar: Uint8Array;
  busybox: string;
}

/**
 * One tree operation in `dir` on the host, as a guest's init does it (init.sh): untimed,
 * untar removes the tree and the others extract it unless the mark says it is there complete
 * (delete also counts it); sync and drop caches; then the timed busybox command, whose tarball
 * (untar) comes from memory on stdin, as a guest's comes from its RAM.
 */
export async function runTreeOnHost(dir: string, tree: HostTree, request: TreeRunRequest, signal?: AbortSignal): Promise<FioRunResult> {
  const started = performance.now();
  const deadline = started + request.timeoutMs;
  const remaining = () => Math.max(1000, deadline - performance.now());
  const paths: TreePaths = { busybox: tree.busybox, dir, tree: join(dir, TREE_DIR), tar: '-' };
  const mark = join(dir, TREE_MARK);
  const command = treeCommand(request.op, paths);
  const base = { exitCode: null, stdout: '', stderr: '', command, durationMs: 0, prepareMs: 0, hostCacheDropped: false };
  const busybox = (argv: string[], options: { input?: Uint8Array; discardStdout?: boolean } = {}) =>
    runInGroup(tree.busybox, argv.slice(1), { timeoutMs: remaining(), signal, ...options });
  const count = async (...filter: string[]) => {
    const listed = await busybox([...treeCommand('walk', paths), ...filter]);
    return listed.stdout.split('\n').filter(Boolean).length;
  };

  let entries = 0;
  try {
    if (request.op === 'untar') {
      await rm(mark, { force: true });
      await rm(paths.tree, { recursive: true, force: true });
    } else if (!(await access(mark).then(() => true, () => false))) {
      await rm(paths.tree, { recursive: true, force: true });
      const untar = await busybox(treeCommand('untar', paths), { input: tree.tar });
      if (untar.stopped) {
        return { ...base, state: untar.stopped, reason: message.stoppedWhilePreparingTree(untar.stopped) };
      }
      if (untar.exitCode !== 0) throw new Error(message.tarFailed(untar.exitCode, lastLines(untar.stderr)));
      await writeFile(mark, '');
    }
    if (request.op === 'delete') {
      entries = await count();
      await rm(mark, { force: true });
    }
  } catch (err) {
    return { ...base, state: 'failed', reason: message.treePrepareFailed(request.op, (err as Error).message) };
  }
  const hostCacheDropped = await dropHostCaches();
  const prepareMs = performance.now() - started;
  request.onTimedStart?.();

  const run = await busybox(command, { input: request.op === 'untar' ? tree.tar : undefined, discardStdout: request.op === 'read' });
  if (run.stopped) {
    const reason = run.stopped === 'interrupted' ? message.interrupted() : message.treeTimedOut(request.timeoutMs);
    return { ...base, state: run.stopped, stderr: run.stderr, durationMs: run.durationMs, prepareMs, hostCacheDropped, reason };
  }
  if (request.op === 'untar') {
    if (run.exitCode === 0) await writeFile(mark, '');
    entries = await count();
  } else if (request.op === 'walk') {
    entries = run.stdout.split('\n').filter(Boolean).length;
  } else if (request.op === 'read') {
    entries = await count('-type', 'f');
  }
  // performance.now() is sub-millisecond: kept to the microsecond, as the guest's init reports it.
  const elapsedMs = Math.round(run.durationMs * 1000) / 1000;
  const result: TreeResult = { op: request.op, entries, elapsed_ms: elapsedMs, tick_ms: 0.001 };
  const ok = run.exitCode === 0;
  return {
    state: ok ? 'completed' : 'failed',
    exitCode: run.exitCode,
    stdout: `${JSON.stringify(result)}\n`,
    stderr: run.stderr,
    command,
    durationMs: run.durationMs,
    prepareMs,
    hostCacheDropped,
    reason: ok ? null : message.commandExited(command.slice(1, 3).join(' '), run.exitCode, lastLines(run.stderr)),
  };
}
