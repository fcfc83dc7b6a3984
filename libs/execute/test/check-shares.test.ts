import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '@sharebench/core';
import { checkShares, loadCampaign, normalizeCampaign, runCampaign, silentProgress } from '@sharebench/execute';

// A name no test may ever create under a system tree.
const NEVER = `sharebench-test-${process.pid}`;
const fio = { workloads: ['randread'], ioengines: ['psync'], numjobs: [1], size: '1M', runtime: '300ms', direct: false };
const hostEnv = (dir: string) => ({ name: 'host', kind: 'host', dir });
const ninepEnv = (dir: string) => ({ name: '9p-loose', kind: '9p', cache: 'loose', shared_dir: dir });
const virtiofsEnv = (dir: string) => ({ name: 'virtiofs-auto', kind: 'virtiofs', cache: 'auto', shared_dir: dir });

describe('execute/campaign/check-shares', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(os.tmpdir(), 'sharebench-shares-'));
    await symlink('/etc', join(root, 'etc-link'));
    await mkdir(join(root, 'disk', 'lost+found'), { recursive: true });
    await writeFile(join(root, 'disk', 'thesis.tex'), 'years of work');
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });
  afterEach(() => {
    for (const p of [`/etc/${NEVER}`, `/var/log/${NEVER}`, `/usr/share/${NEVER}`]) expect(existsSync(p), `${p} was created`).toBe(false);
  });

  /** Writes `<root>/<name>/campaign.json` with these envs; returns the campaign's directory. */
  const campaignDir = async (name: string, envs: unknown[], over: Record<string, unknown> = {}) => {
    const dir = join(root, name);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'campaign.json'), JSON.stringify({ envs, fio, repeats: 1, ...over }));
    return dir;
  };
  /** What the campaign's directory holds besides campaign.json: nothing, when a refusal came first. */
  const created = async (dir: string) => (await readdir(dir)).filter((f) => f !== 'campaign.json');

  const refused: Array<[string, (root: string) => string, RegExp]> = [
    ['a system tree', () => '/etc', /refusing to share \/etc: it is \/etc \(the host's configuration\)/],
    ['a directory under a system tree', () => '/usr/share', /refusing to share \/usr\/share: it is inside \/usr/],
    ['a directory not yet made in a system tree', () => `/var/log/${NEVER}`, /refusing to share \/var\/log\/sharebench-test-\d+: it is inside \/var/],
    ['a symlink to a system tree', (r) => join(r, 'etc-link'), /etc-link \(it resolves to \/etc\): it is \/etc/],
    ['a directory not yet made below a symlink to a system tree', (r) => join(r, 'etc-link', NEVER, 'sub'), /\(it resolves to \/etc\/sharebench-test-\d+\/sub\): it is inside \/etc/],
    ['a non-empty directory that is not sharebench’s', (r) => join(r, 'disk'), /it is not empty and not sharebench's \(it holds lost\+found, thesis\.tex; .*e\.g\. .*\/disk\/sharebench$/],
    ['the ancestor of the home directories', () => '/home', /refusing to share \/home: \/home holds the home directories/],
    ['a home directory', () => '/root', /refusing to share \/root: it is the home directory \/root/],
  ];
  const keys: Array<[string, (dir: string) => unknown, RegExp]> = [
    ['a 9p guest', ninepEnv, /: envs\[0\]\.shared_dir: /],
    ['a virtio-fs guest', virtiofsEnv, /: envs\[0\]\.shared_dir: /],
    ['the host env', hostEnv, /: envs\[0\]\.dir: /],
  ];
  for (const [what, path, message] of refused) {
    for (const [kind, env, key] of keys) {
      it(`refuses ${what} as ${kind}'s directory at load, with one line, creating nothing`, async () => {
        const dir = await campaignDir(`c-${refused.findIndex((r) => r[0] === what)}-${kind.replace(/\W/g, '')}`, [env(path(root))]);
        const err = await loadCampaign(dir).then(() => null, (e: unknown) => e);
        expect(err).toBeInstanceOf(InputError);
        const line = (err as InputError).message;
        expect(line).toMatch(key);
        expect(line).toMatch(message);
        expect(line).toMatch(new RegExp(`^${join(dir, 'campaign.json')}: `));
        expect(line).toMatch(/; (give|use) /);
        expect(line).not.toContain('\n');
        expect(await created(dir)).toEqual([]);
      });
    }
  }

  it("refuses a campaign's scratch in a system tree, and a foreign <scratch>/<env>, naming the scratch key", async () => {
    const inEtc = await campaignDir('scratch-etc', [{ name: 'host', kind: 'host' }], { scratch: `/etc/${NEVER}` });
    await expect(loadCampaign(inEtc)).rejects.toThrow(/campaign\.json: scratch: refusing to make shares in \/etc\/sharebench-test-\d+: it is inside \/etc/);
    await mkdir(join(root, 'scratch', 'host'), { recursive: true });
    await writeFile(join(root, 'scratch', 'host', 'mine.txt'), 'x');
    const foreign = await campaignDir('scratch-foreign', [{ name: 'host', kind: 'host' }], { scratch: join(root, 'scratch') });
    await expect(loadCampaign(foreign)).rejects.toThrow(/campaign\.json: scratch: refusing to share .*\/scratch\/host: it is not empty and not sharebench's \(it holds mine\.txt;/);
    expect(await created(inEtc)).toEqual([]);
  });

  it('refuses in runCampaign too, before the dataset is touched: a campaign not checked at load, a dataset in a system tree', async () => {
    const dir = await campaignDir('unchecked', [virtiofsEnv('/etc')]);
    const campaign = normalizeCampaign({ envs: [virtiofsEnv('/etc')], fio, repeats: 1 }, join(dir, 'campaign.json'), 'unchecked');
    const options = (dataset: string) => ({
      dataset, selection: {}, signal: new AbortController().signal, progress: silentProgress,
      tool: { version: 'test', git_commit: null }, cacheDir: join(root, 'cache'),
    });
    await expect(runCampaign(campaign, options(dir))).rejects.toThrow(/envs\[0\]\.shared_dir: refusing to share \/etc:/);
    expect(await created(dir)).toEqual([]);
    // The dataset's own scratch: judged once the dataset is known.
    const host = normalizeCampaign({ envs: [{ name: 'host', kind: 'host' }], fio, repeats: 1 }, join(dir, 'campaign.json'), 'unchecked');
    await expect(checkShares(host, null)).resolves.toBeUndefined();
    await expect(runCampaign(host, options(`/var/log/${NEVER}`))).rejects.toThrow(
      /envs\[0\] \(host, in the dataset's scratch directory; set "scratch" elsewhere\): refusing to share \/var\/log\/sharebench-test-\d+\/scratch\/host: it is inside \/var/,
    );
    expect(existsSync(join(root, 'cache'))).toBe(false);
  });
});
