import { packageFile } from '../package-file.js';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { devloopCounts, type DevloopSpec } from '@sharebench/core';
import { encodeCpioArchive, encodeTarArchive, encodeTarEntry, tarEnd, type CpioEntry } from '@sharebench/guest-image';
import { EPOCH_S, FIRST_COMMIT_TAG, generateRepo, insertSql, packageEntries, repoPaths, tarEntriesOf } from './devloop-workspace.js';
import { message } from '../messages.js';

// Bumped whenever the kit changes in a way the spec, the script and git's version do not show.
const KIT_FORMAT = 1;

/** Where a guest finds the kit: in its initramfs (RAM), never on the measured share. */
export const GUEST_DEVLOOP_KIT = '/devloop';

/** The developer loops' workspace in a test directory (the share's root for a guest). */
export const DEVLOOP_DIR = 'sharebench.devloop';

/** A kit in the cache: what devloop.sh works from. */
export interface DevloopKit {
  /** kit.env, devloop.sh, changed.list, repo.tar, insert.sql and packages/p<i>.tar: what the host session runs from. */
  dir: string;
  script: string;
  /** The same files under `devloop/`, as a newc cpio archive to append to a guest's initrd. */
  cpioPath: string;
}

/** Where devloop.sh is, from src/, dist/ or a bundle alike (the package exports it). */
export function devloopScriptPath(): string {
  return packageFile('devloop.sh');
}

const pending = new Map<string, Promise<DevloopKit>>();

/**
 * The kit of `spec` from `<cacheDir>/devloop/<key>/`, generated there when missing: the script,
 * the repository (generated with the host's git, see generateRepo) as repo.tar, the packages'
 * tarballs, the SQL, and kit.env with the constants the script reads. The key covers the spec,
 * the script and git's version; a kit is built beside its place and renamed in when complete.
 */
export function ensureDevloopKit(spec: DevloopSpec, cacheDir: string): Promise<DevloopKit> {
  const script = readFileSync(devloopScriptPath(), 'utf8');
  const key = createHash('sha256').update(JSON.stringify({ format: KIT_FORMAT, spec, script })).digest('hex');
  let p = pending.get(key);
  if (!p) {
    p = (async () => {
      const gitVersion = (await execa('git', ['--version'], { reject: false })).stdout.trim();
      if (!gitVersion.startsWith('git version')) throw new Error(message.gitMissing());
      const dirKey = createHash('sha256').update(key).update(gitVersion).digest('hex').slice(0, 16);
      const root = join(cacheDir, 'devloop');
      const dir = join(root, dirKey);
      const kit = { dir, script: join(dir, 'devloop.sh'), cpioPath: join(dir, 'kit.cpio') };
      if (await exists(kit.cpioPath)) return kit;
      await mkdir(root, { recursive: true });
      const tmp = await mkdtemp(join(root, `.build-${process.pid}-`));
      try {
        await buildKit(spec, script, tmp);
        await rename(tmp, dir).catch(async (err: NodeJS.ErrnoException) => {
          // Another process finished the same kit first: same inputs, same kit.
          if (err.code !== 'ENOTEMPTY' && err.code !== 'EEXIST') throw err;
        });
        return kit;
      } finally {
        await rm(tmp, { recursive: true, force: true });
      }
    })().finally(() => pending.delete(key));
    pending.set(key, p);
  }
  return p;
}

async function buildKit(spec: DevloopSpec, script: string, dir: string): Promise<void> {
  const work = join(dir, '.work');
  await mkdir(join(dir, 'packages'), { recursive: true });
  await writeFile(join(dir, 'devloop.sh'), script, { mode: 0o755 });
  const counts = devloopCounts(spec);
  const constants = {
    FIRST: FIRST_COMMIT_TAG,
    CHANGED_FILES: spec.repo.changed_files,
    PACKAGES: spec.install.packages,
    INSTALL_WORKERS: spec.install.workers,
    // What each operation handles, known from the spec: see devloopCounts.
    REPO_FILES: counts.repoFiles,
    CHECKOUT_FILES: counts.checkoutFiles,
    COMMIT_PATHS: counts.commitPaths,
    INSTALL_FILES: counts.installFiles,
    MODULES_ENTRIES: counts.modulesEntries,
  };
  await writeFile(join(dir, 'kit.env'), Object.entries(constants).map(([k, v]) => `${k}=${v}\n`).join(''));
  await writeFile(join(dir, 'changed.list'), repoPaths(spec.repo).slice(0, spec.repo.changed_files).map((p) => `${p}\n`).join(''));
  const repo = await generateRepo(spec.repo, work);
  // The work tree's files keep mtime 0 (the index says so); .git's are later, or git would take
  // every entry for racily clean (modified as the index was written) and re-read the files.
  const tar: Buffer[] = [];
  for await (const entry of tarEntriesOf(repo, 'repo')) tar.push(...encodeTarEntry(entry, entry.path.startsWith('repo/.git') ? EPOCH_S : 0));
  await writeFile(join(dir, 'repo.tar'), Buffer.concat([...tar, tarEnd()]));
  await rm(work, { recursive: true, force: true });
  for (let p = 0; p < spec.install.packages; p++) await writeFile(join(dir, 'packages', `p${p}.tar`), encodeTarArchive(packageEntries(p, spec.install)));
  await writeFile(join(dir, 'insert.sql'), insertSql(spec.sqlite));

  const entries: CpioEntry[] = [{ type: 'dir', path: 'devloop' }, { type: 'dir', path: 'devloop/packages' }];
  for (const name of ['kit.env', 'devloop.sh', 'changed.list', 'repo.tar', 'insert.sql']) {
    entries.push({ type: 'file', path: `devloop/${name}`, data: await readFile(join(dir, name)), mode: name === 'devloop.sh' ? 0o755 : 0o444 });
  }
  for (const name of (await readdir(join(dir, 'packages'))).sort()) {
    entries.push({ type: 'file', path: `devloop/packages/${name}`, data: await readFile(join(dir, 'packages', name)), mode: 0o444 });
  }
  await writeFile(join(dir, 'kit.cpio'), encodeCpioArchive(entries));
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}
