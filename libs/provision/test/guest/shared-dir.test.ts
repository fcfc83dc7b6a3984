import { mkdtemp, readFile, rm, stat, symlink } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareSharedDir } from '../../src/guest/shared-dir.js';
import { shareDirProblem } from '../../src/share/share-dir-problem.js';

const refusedBecause = async (dir: string) => (await shareDirProblem(dir, { env: 'x', contents: false })).problem;

describe('guest/shared-dir', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'sharebench-shared-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('creates the default dedicated directory <scratchRoot>/<env>', async () => {
    const dir = await prepareSharedDir(null, join(root, 'scratch'), 'virtiofs-auto');
    expect(dir).toBe(join(root, 'scratch', 'virtiofs-auto'));
    expect((await stat(dir)).isDirectory()).toBe(true);
  });

  it('accepts an explicit dedicated directory, even inside a home directory', async () => {
    expect(await prepareSharedDir(join(root, 'mine'), root, 'x')).toBe(join(root, 'mine'));
    expect(await refusedBecause(join(homedir(), 'sharebench-scratch'))).toBeNull();
  });

  it('refuses /, /root, /home, the current home directory and their ancestors', async () => {
    expect(await refusedBecause('/')).toMatch(/refusing to share \//);
    expect(await refusedBecause('/root')).toMatch(/home directory/);
    expect(await refusedBecause('/home')).toMatch(/home directories/);
    expect(await refusedBecause(homedir())).toMatch(/home directory/);
    await expect(prepareSharedDir('/root', root, 'x')).rejects.toThrow(/refusing to share \/root/);
  });

  it('refuses every home directory in /etc/passwd and its ancestors (those in system trees as such)', async () => {
    const homes = (await readFile('/etc/passwd', 'utf8'))
      .split('\n')
      .map((l) => l.split(':')[5])
      .filter((h): h is string => !!h && h.startsWith('/') && h !== '/');
    expect(homes.length).toBeGreaterThan(0);
    for (const home of homes) {
      expect(await refusedBecause(home)).toMatch(/home director|it is (inside )?\/[a-z]+ \(/);
      const parent = home.slice(0, home.lastIndexOf('/')) || '/';
      expect(await refusedBecause(parent)).toMatch(/refusing to share/);
    }
  });

  it('refuses a symlink that leads to a home directory', async () => {
    const link = join(root, 'link-to-root');
    await symlink('/root', link);
    await expect(prepareSharedDir(link, root, 'x')).rejects.toThrow(/link-to-root \(it resolves to \/root\): it is the home directory/);
  });

  it('refuses an invalid environment name for the default directory', async () => {
    await expect(prepareSharedDir(null, root, '../escape')).rejects.toThrow(/not a safe name/);
  });
});
