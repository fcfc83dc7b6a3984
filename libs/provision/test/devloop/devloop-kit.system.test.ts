import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { devloopCounts, type DevloopSpec } from '@sharebench/core';
import { devloopScriptPath, ensureDevloopKit, type DevloopKit } from '../../src/devloop/devloop-kit.js';

const SPEC: DevloopSpec = {
  repo: { files: 30, dirs: 4, commits: 3, file_size_bytes: 700, changed_files: 8 },
  install: { packages: 5, files_per_package: 4, file_size_bytes: 200, workers: 2 },
  sqlite: { transactions: 2, rows_per_transaction: 3 },
};
// What git and tar see: the other route to the counts devloop.sh reports.
const gitEnv = { GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', LC_ALL: 'C', PATH: process.env['PATH']! };
const git = async (repo: string, ...args: string[]) =>
  (await execa('git', ['-c', 'safe.directory=*', '-C', repo, ...args], { env: gitEnv, extendEnv: false })).stdout;

describe('devloop/devloop-kit', () => {
  let root: string;
  let kit: DevloopKit;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'sharebench-kit-'));
    kit = await ensureDevloopKit(SPEC, join(root, 'cache'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('generates the same repository everywhere: its commits, the first tagged, the files checkout changes', async () => {
    const other = await ensureDevloopKit(SPEC, join(root, 'other-cache'));
    const heads: string[] = [];
    for (const [i, k] of [kit, other].entries()) {
      const out = join(root, `x${i}`);
      await mkdir(out);
      await execa('busybox', ['tar', '-x', '-f', join(k.dir, 'repo.tar'), '-C', out]);
      heads.push(await git(join(out, 'repo'), 'rev-parse', 'HEAD'));
    }
    expect(heads[0]).toMatch(/^[0-9a-f]{40}$/);
    expect(heads[1]).toBe(heads[0]);
    const repo = join(root, 'x0', 'repo');
    expect(await git(repo, 'rev-list', '--count', 'HEAD')).toBe(String(SPEC.repo.commits));
    expect((await git(repo, 'ls-files')).split('\n')).toHaveLength(devloopCounts(SPEC).repoFiles);
    expect((await git(repo, 'diff', '--name-only', 'sb-first', 'HEAD')).split('\n')).toHaveLength(devloopCounts(SPEC).checkoutFiles);
    expect((await readFile(join(kit.dir, 'changed.list'), 'utf8')).trim().split('\n')).toHaveLength(SPEC.repo.changed_files);
  });

  it('ships an index that holds once extracted: git status finds the tree clean without rewriting it', async () => {
    const out = join(root, 'fresh');
    await mkdir(out);
    await execa('busybox', ['tar', '-x', '-f', join(kit.dir, 'repo.tar'), '-C', out]);
    const repo = join(out, 'repo');
    const before = await readFile(join(repo, '.git', 'index'));
    expect(await git(repo, 'status', '--porcelain')).toBe('');
    // A stat cache that did not hold would have been refreshed and written back.
    expect((await readFile(join(repo, '.git', 'index'))).equals(before)).toBe(true);
  });

  it('packs as many files as an install extracts and rm -rf removes', async () => {
    const modules = join(root, 'node_modules');
    await mkdir(modules);
    for (const tar of await readdir(join(kit.dir, 'packages'))) await execa('busybox', ['tar', '-x', '-f', join(kit.dir, 'packages', tar), '-C', modules]);
    const files = (await execa('find', [modules, '-type', 'f'])).stdout.split('\n');
    const entries = (await execa('find', [modules])).stdout.split('\n');
    expect(files).toHaveLength(devloopCounts(SPEC).installFiles);
    expect(entries).toHaveLength(devloopCounts(SPEC).modulesEntries);
  });

  it('carries the same files in its cpio archive, under devloop/, for a guest', async () => {
    const out = join(root, 'cpio');
    await mkdir(out);
    await execa('busybox', ['cpio', '-i', '-d', '-F', kit.cpioPath], { cwd: out });
    const listed = (await readdir(join(out, 'devloop'))).sort();
    expect(listed).toEqual(['changed.list', 'devloop.sh', 'insert.sql', 'kit.env', 'packages', 'repo.tar']);
    for (const name of ['kit.env', 'repo.tar', 'devloop.sh']) {
      expect((await readFile(join(out, 'devloop', name))).equals(await readFile(join(kit.dir, name)))).toBe(true);
    }
    expect(await readdir(join(out, 'devloop', 'packages'))).toHaveLength(SPEC.install.packages);
  });

  it('has a devloop.sh clean under shellcheck', async () => {
    const checked = await execa('shellcheck', ['--format=gcc', devloopScriptPath()], { reject: false });
    expect(checked.stdout).toBe('');
    expect(checked.exitCode).toBe(0);
  });
});
