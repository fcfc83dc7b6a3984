import { mkdir, readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import type { DevloopSpec } from '@sharebench/core';
import type { TarEntry } from '@sharebench/guest-image';
import { message } from '../messages.js';

/** The tag of the repository's first commit: what git-checkout goes back to. */
export const FIRST_COMMIT_TAG = 'sb-first';

// Commit dates one minute apart from a fixed start, so every commit id is the same everywhere.
export const EPOCH_S = Date.UTC(2026, 0, 1) / 1000;

/**
 * A file's text at a commit: numbered lines, `bytes` long, different for every file and commit
 * (so a changed file is a real diff) and the same on every machine.
 */
export function fileText(file: number, commit: number, bytes: number): string {
  let text = '';
  for (let line = 0; text.length < bytes; line++) text += `file ${file} line ${line} commit ${commit} ${'x'.repeat(line % 40)}\n`;
  return text.slice(0, bytes);
}

/** The repository's files, in order: `d<k>/f<i>.txt`, file i in directory i mod dirs (zero-padded, so every listing sorts the same). */
export function repoPaths(spec: DevloopSpec['repo']): string[] {
  const dw = String(Math.max(0, spec.dirs - 1)).length;
  const fw = String(Math.max(0, spec.files - 1)).length;
  return Array.from({ length: spec.files }, (_, i) => `d${String(i % spec.dirs).padStart(dw, '0')}/f${String(i).padStart(fw, '0')}.txt`);
}

/**
 * Generates the repository in `dir/repo` with the host's git: the first commit has every file
 * (tagged FIRST_COMMIT_TAG); each later commit c rewrites `changed_files` files, the next ones
 * in order (wrapping around). Fixed identities and dates make the same commit ids everywhere;
 * the objects are packed, as in a repository people work in.
 *
 * The index must hold for the files as extracted elsewhere, or the first `git status` there
 * would re-read every file (as after copying a repository) instead of checking it: the files'
 * mtimes are set to 0, which tar keeps, and the repository checks only what survives an
 * extraction (`core.checkStat=minimal`: mtime seconds and size; `core.trustCtime=false`), not
 * inode, device or ctime.
 */
export async function generateRepo(spec: DevloopSpec['repo'], dir: string): Promise<string> {
  const repo = join(dir, 'repo');
  const paths = repoPaths(spec);
  const env = (commit: number) => {
    const date = `${EPOCH_S + commit * 60} +0000`;
    return {
      LC_ALL: 'C',
      HOME: dir,
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_AUTHOR_NAME: 'sharebench',
      GIT_AUTHOR_EMAIL: 'sharebench@localhost',
      GIT_COMMITTER_NAME: 'sharebench',
      GIT_COMMITTER_EMAIL: 'sharebench@localhost',
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_DATE: date,
    };
  };
  const git = async (args: string[], commit = 1) => {
    const r = await execa('git', args, { cwd: repo, env: env(commit), extendEnv: false, reject: false });
    if (r.exitCode !== 0) throw new Error(message.devloopRepoGitFailed(args, r.exitCode, (r.stderr || r.stdout).trim()));
  };
  await mkdir(repo, { recursive: true });
  await git(['init', '-q', '--template=', '-b', 'main', '.']);
  const write = (i: number, commit: number) => writeFile(join(repo, paths[i]!), fileText(i, commit, spec.file_size_bytes));
  await Promise.all([...new Set(paths.map((p) => p.split('/')[0]!))].map((d) => mkdir(join(repo, d), { recursive: true })));
  for (let i = 0; i < paths.length; i++) await write(i, 1);
  await git(['add', '-A']);
  await git(['commit', '-q', '-m', 'commit 1'], 1);
  await git(['tag', FIRST_COMMIT_TAG]);
  let next = 0;
  for (let commit = 2; commit <= spec.commits; commit++) {
    for (let k = 0; k < spec.changed_files; k++, next = (next + 1) % paths.length) await write(next, commit);
    await git(['add', '-A'], commit);
    await git(['commit', '-q', '-m', `commit ${commit}`], commit);
  }
  await git(['-c', 'pack.threads=1', 'repack', '-a', '-d', '-q']);
  await git(['pack-refs', '--all']);
  await git(['config', 'core.checkStat', 'minimal']);
  await git(['config', 'core.trustCtime', 'false']);
  await Promise.all(paths.map((p) => utimes(join(repo, p), 0, 0)));
  await git(['update-index', '-q', '--really-refresh']);
  return repo;
}

/** Every entry under `root` as tar entries named from `name` down, directories first, in name order, modes kept. */
export async function* tarEntriesOf(root: string, name: string): AsyncGenerator<TarEntry> {
  const st = await stat(root);
  yield { type: 'dir', path: name, mode: st.mode & 0o7777 };
  for (const entry of (await readdir(root, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(root, entry.name);
    if (entry.isDirectory()) yield* tarEntriesOf(path, `${name}/${entry.name}`);
    else if (entry.isFile()) yield { type: 'file', path: `${name}/${entry.name}`, data: await readFile(path), mode: (await stat(path)).mode & 0o7777 };
    else throw new Error(message.devloopRepoOddEntry(path));
  }
}

/**
 * Package `p`'s files as npm lays a package out in node_modules: `pkg<p>/package.json`,
 * `pkg<p>/index.js`, then `pkg<p>/lib/m<j>.js`; `files` files of `bytes` each.
 */
export function packageEntries(p: number, spec: DevloopSpec['install']): TarEntry[] {
  const name = `pkg${p}`;
  const text = (j: number) => fileText(p * 1000 + j, 0, spec.file_size_bytes);
  const files: TarEntry[] = [];
  for (let j = 0; j < spec.files_per_package; j++) {
    const path = j === 0 ? 'package.json' : j === 1 ? 'index.js' : `lib/m${j}.js`;
    files.push({ type: 'file', path: `${name}/${path}`, data: Buffer.from(text(j)) });
  }
  const dirs: TarEntry[] = [{ type: 'dir', path: name }, ...(spec.files_per_package > 2 ? [{ type: 'dir' as const, path: `${name}/lib` }] : [])];
  return [...dirs, ...files];
}

/** The SQL the sqlite-insert operation runs: WAL mode, a table, then the transactions of inserts. */
export function insertSql(spec: DevloopSpec['sqlite']): string {
  const lines = ['PRAGMA journal_mode=WAL;', 'CREATE TABLE t(id INTEGER PRIMARY KEY, payload TEXT NOT NULL);'];
  let row = 0;
  for (let t = 0; t < spec.transactions; t++) {
    lines.push('BEGIN;');
    for (let r = 0; r < spec.rows_per_transaction; r++, row++) lines.push(`INSERT INTO t(payload) VALUES('row ${row} ${'p'.repeat(48)}');`);
    lines.push('COMMIT;');
  }
  return `${lines.join('\n')}\n`;
}
