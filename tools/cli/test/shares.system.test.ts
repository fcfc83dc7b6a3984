import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execaNode } from 'execa';

const CLI = fileURLToPath(new URL('../bin/sharebench.js', import.meta.url));
// A name no test may ever create under a system tree.
const NEVER = `sharebench-test-${process.pid}`;
const fio = { workloads: ['randread'], ioengines: ['psync'], numjobs: [1], size: '1M', runtime: '300ms', direct: false };

describe('cli run: a share that cannot hurt the host', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(os.tmpdir(), 'sharebench-cli-shares-'));
    await symlink('/etc', join(root, 'etc-link'));
    await mkdir(join(root, 'disk', 'lost+found'), { recursive: true });
    await writeFile(join(root, 'disk', 'holiday.jpg'), 'x');
    await mkdir(join(root, 'users', 'alice'), { recursive: true });
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });
  afterEach(() => {
    for (const p of [`/etc/${NEVER}`, `/var/log/${NEVER}`]) expect(existsSync(p), `${p} was created`).toBe(false);
  });

  let n = 0;
  /** `sharebench run <campaign> ...flags` on a fresh campaign with one env; $HOME is <root>/users/alice. */
  const run = async (env: Record<string, unknown>, ...flags: string[]) => {
    const dir = join(root, `c${n++}`);
    await mkdir(dir);
    const file = join(dir, 'campaign.json');
    await writeFile(file, JSON.stringify({ envs: [env], fio, repeats: 1 }));
    const r = await execaNode(CLI, ['run', dir, ...flags], {
      reject: false,
      env: { HOME: join(root, 'users', 'alice'), SHAREBENCH_CACHE_DIR: join(root, 'cache') },
    });
    return { exitCode: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr), file, left: (await readdir(dir)).filter((f) => f !== 'campaign.json') };
  };

  const paths: Array<[string, () => string, RegExp]> = [
    ['/etc', () => '/etc', /refusing to share \/etc: it is \/etc \(the host's configuration\), which a benchmark may not write into; give an empty directory/],
    ['/usr/share', () => '/usr/share', /refusing to share \/usr\/share: it is inside \/usr/],
    ['/var/log', () => '/var/log', /refusing to share \/var\/log: it is inside \/var/],
    ['a symlink to /etc', () => join(root, 'etc-link'), /etc-link \(it resolves to \/etc\): it is \/etc/],
    ['a new directory below a symlink to /etc', () => join(root, 'etc-link', NEVER), /\(it resolves to \/etc\/sharebench-test-\d+\): it is inside \/etc/],
    ['a non-empty foreign directory', () => join(root, 'disk'), /it is not empty and not sharebench's \(it holds holiday\.jpg, lost\+found; .*\); use an empty subdirectory, e\.g\. .*\/disk\/sharebench$/],
    ["a home's ancestor", () => join(root, 'users'), /: it holds the home directory .*\/users\/alice; give an empty directory of its own/],
  ];
  const kinds: Array<[string, (dir: string) => Record<string, unknown>, string]> = [
    ['9p', (dir) => ({ name: '9p-loose', kind: '9p', cache: 'loose', shared_dir: dir }), 'shared_dir'],
    ['virtio-fs', (dir) => ({ name: 'virtiofs-auto', kind: 'virtiofs', cache: 'auto', shared_dir: dir }), 'shared_dir'],
    ['host', (dir) => ({ name: 'host', kind: 'host', dir }), 'dir'],
  ];
  for (const [what, path, message] of paths) {
    for (const [kind, env, key] of kinds) {
      it(`refuses ${what} for a ${kind} env: --dry-run and run exit 2 with one line, before anything boots or writes`, async () => {
        for (const flags of [['--dry-run'], []]) {
          const r = await run(env(path()), ...flags);
          expect(r.exitCode, r.stderr).toBe(2);
          expect(r.stdout).toBe('');
          expect(r.stderr).toMatch(/^sharebench: [^\n]*$/);
          expect(r.stderr.startsWith(`sharebench: ${r.file}: envs[0].${key}: refusing to share `)).toBe(true);
          expect(r.stderr.trimEnd()).toMatch(message);
          // No lock, no context.json, no raw/, no scratch/: refused before the dataset is touched.
          expect(r.left).toEqual([]);
        }
      });
    }
  }

  it("refuses a dataset (--out) whose own scratch would lie in a system tree, and creates nothing there", async () => {
    const r = await run({ name: 'host', kind: 'host' }, '--dry-run', '--out', `/var/log/${NEVER}`);
    expect(r.exitCode, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^sharebench: .*campaign\.json: envs\[0\] \(host, in the dataset's scratch directory; set "scratch" elsewhere\): refusing to share \/var\/log\/sharebench-test-\d+\/scratch\/host: it is inside \/var /);
    expect(r.stderr.trimEnd()).not.toContain('\n');
  });

  it('plans a campaign whose shares are new or empty directories', async () => {
    const r = await run({ name: '9p-loose', kind: '9p', cache: 'loose', shared_dir: join(root, 'disk', 'sharebench') }, '--dry-run');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^9p-loose +9p cache=loose/m);
    expect(existsSync(join(root, 'disk', 'sharebench'))).toBe(false);
  });
});
