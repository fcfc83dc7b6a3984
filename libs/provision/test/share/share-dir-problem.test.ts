import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { shareDirProblem } from '../../src/share/share-dir-problem.js';
import { resolveExisting } from '../../src/share/resolve-existing.js';
import { markShareDir, SHARE_MARKER } from '../../src/share/share-marker.js';
import { homeClash, homeDirectories } from '../../src/share/homes.js';

const judge = async (path: string, contents = true) => (await shareDirProblem(path, { env: '9p-loose', contents })).problem;
// A name no test may ever create under a system tree.
const NEVER = `sharebench-test-${process.pid}`;

describe('share/share-dir-problem', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'sharebench-share-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });
  afterEach(() => {
    for (const p of [`/etc/${NEVER}`, `/usr/share/${NEVER}`, `/var/log/${NEVER}`]) expect(existsSync(p), p).toBe(false);
  });

  it('refuses a system tree and anything under it, in one line with a safe place instead', async () => {
    expect(await judge('/etc')).toBe(
      "refusing to share /etc: it is /etc (the host's configuration), which a benchmark may not write into; " +
        'give an empty directory of its own, e.g. /var/lib/sharebench/9p-loose',
    );
    expect(await judge('/usr/share')).toMatch(/^refusing to share \/usr\/share: it is inside \/usr \(installed software\)/);
    expect(await judge(`/var/log/${NEVER}`)).toMatch(/^refusing to share \/var\/log\/sharebench-test-\d+: it is inside \/var /);
    expect(await judge('/')).toMatch(/^refusing to share \/: that is the host's whole file system; give an empty directory/);
    expect(await judge('/opt')).toMatch(/it is \/opt \(add-on software packages\)/);
    for (const problem of [await judge('/etc'), await judge(`/var/log/${NEVER}`)]) expect(problem).not.toContain('\n');
  });

  it('follows symlinks: a link to /etc, a directory not yet made below one, and a dangling link into /etc', async () => {
    const link = join(root, 'etc-link');
    await symlink('/etc', link);
    expect(await judge(link)).toBe(
      `refusing to share ${link} (it resolves to /etc): it is /etc (the host's configuration), which a benchmark may not write into; ` +
        'give an empty directory of its own, e.g. /var/lib/sharebench/9p-loose',
    );
    expect(await judge(join(link, NEVER, 'sub'))).toMatch(new RegExp(`\\(it resolves to /etc/${NEVER}/sub\\): it is inside /etc`));
    const dangling = join(root, 'dangling');
    await symlink(`/etc/${NEVER}`, dangling);
    expect(await resolveExisting(join(dangling, 'x'))).toBe(`/etc/${NEVER}/x`);
    expect(await judge(dangling)).toMatch(/it is inside \/etc/);
    const relative = join(root, 'relative');
    await symlink('../../usr/share', relative);
    expect(await judge(relative)).toMatch(/\(it resolves to \/usr\/share\): it is inside \/usr/);
  });

  it('refuses a directory holding files that are not sharebench’s, naming the first and how to go on', async () => {
    const disk = join(root, 'disk');
    await mkdir(join(disk, 'lost+found'), { recursive: true });
    for (const f of ['photos', 'notes.txt', 'db']) await writeFile(join(disk, f), 'x');
    expect(await judge(disk)).toBe(
      `refusing to share ${disk}: it is not empty and not sharebench's (it holds db, lost+found, notes.txt and 1 more; ` +
        `a guest may rewrite anything in a share); use an empty subdirectory, e.g. ${join(disk, 'sharebench')}`,
    );
    // Its subdirectory is the way: not there yet, then empty.
    expect(await judge(join(disk, 'sharebench'))).toBeNull();
    await mkdir(join(disk, 'sharebench'));
    expect(await judge(join(disk, 'sharebench'))).toBeNull();
    // A directory sharebench owns by construction is not judged by what it holds.
    expect(await judge(disk, false)).toBeNull();
    const link = join(root, 'disk-link');
    await symlink(disk, link);
    expect(await judge(link)).toMatch(/\(it resolves to .*\/disk\): it is not empty and not sharebench's/);
  });

  it("uses a non-empty directory that carries sharebench's marker, and refuses a marker it did not write", async () => {
    const dir = join(root, 'used');
    const marker = await markShareDir(dir, { dataset: '/data/quick', campaign: 'quick' });
    expect(marker).toMatchObject({ sharebench_share: 1, dataset: '/data/quick', campaign: 'quick' });
    expect(Date.parse(marker.created_at)).not.toBeNaN();
    await writeFile(join(dir, 'sharebench.0.0'), 'left by a killed run');
    expect(await judge(dir)).toBeNull();
    // The first campaign to use it stays named.
    expect(await markShareDir(dir, { dataset: '/data/other', campaign: 'other' })).toEqual(marker);
    expect(JSON.parse(await readFile(join(dir, SHARE_MARKER), 'utf8'))).toEqual(marker);
    await writeFile(join(dir, SHARE_MARKER), 'mine');
    expect(await judge(dir)).toMatch(/its \.sharebench-share is not one sharebench wrote; use an empty subdirectory, e\.g\. .*\/used\/sharebench, or remove/);
  });

  it('refuses a home directory and an ancestor of one (homes as /etc/passwd and $HOME say), and the containers', async () => {
    const homes = ['/root', '/srv/users/alice', '/data/home/bob'];
    expect(homeClash('/data/home', homes)).toEqual({ home: '/data/home/bob', relation: 'holds' });
    expect(homeClash('/data', homes)).toEqual({ home: '/data/home/bob', relation: 'holds' });
    expect(homeClash('/data/home/bob', homes)).toEqual({ home: '/data/home/bob', relation: 'is' });
    expect(homeClash('/data/home/bob/scratch', homes)).toBeNull();
    expect(homeClash('/data/homes', homes)).toBeNull();
    // The real homes of this host: /root, and $HOME (a worker thread cannot change the latter: see the CLI's system test).
    expect(await homeDirectories()).toContain('/root');
    expect(await judge('/root')).toBe('refusing to share /root: it is the home directory /root; give an empty directory inside it, e.g. /root/sharebench');
    const link = join(root, 'root-link');
    await symlink('/root', link);
    expect(await judge(link)).toMatch(/\(it resolves to \/root\): it is the home directory \/root;/);
    expect(await judge('/home')).toMatch(/^refusing to share \/home: \/home holds the home directories; give an empty directory of its own below it/);
    expect(await judge('/mnt')).toMatch(/\/mnt holds the mount points of other file systems; .*e\.g\. \/mnt\/sharebench$/);
    expect(await judge('/srv')).toMatch(/\/srv holds the data this host serves/);
    expect(await judge(`/srv/${NEVER}`)).toBeNull();
  });

  it('refuses a file, and judges a parent of shares (a campaign’s scratch) by the system trees alone', async () => {
    const file = join(root, 'a-file');
    await writeFile(file, 'x');
    expect(await judge(file)).toMatch(/: it is not a directory; give a directory/);
    const parent = (path: string) => shareDirProblem(path, { env: '', contents: false, role: 'parent' }).then((v) => v.problem);
    expect(await parent(`/etc/${NEVER}`)).toMatch(/^refusing to make shares in \/etc\/sharebench-test-\d+: it is inside \/etc .*e\.g\. \/var\/lib\/sharebench$/);
    expect(await parent('/')).toMatch(/^refusing to make shares in \/: /);
    expect(await parent('/mnt')).toBeNull();
    expect(await parent('/root')).toBeNull();
  });
});
