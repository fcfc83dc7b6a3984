import { execa } from 'execa';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleScript, until } from '@sharebench/host/testing';
import { ensureGuestImage } from '../src/guest-image.js';
import { TEST_INIT } from './test-init.js';

// Builds the image from scratch in a private cache (downloads the kernel package: needs the
// Debian mirrors), racing another process, after a third one was killed mid-build.
describe('image/guest-image', () => {
  let root: string;
  let builder: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'sharebench-image-'));
    builder = bundleScript(new URL('./image-builder.ts', import.meta.url), join(root, 'image-builder.mjs'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('never leaves a half image: a killed build leaves nothing usable, concurrent builders agree on one image', async () => {
    const cacheDir = join(root, 'cache');
    // Killed with its whole process group (apt-get, dpkg-deb), as a closed terminal or an OOM kill would.
    const killed = execa('node', [builder, cacheDir], { reject: false, detached: true });
    // Mid-build: the first file of the build's work (the kernel package being downloaded or unpacked).
    const guest = join(cacheDir, 'guest');
    const workStarted = async () => {
      for (const d of (await readdir(guest).catch(() => [] as string[])).filter((x) => x.startsWith('.build-'))) {
        if ((await readdir(join(guest, d, 'work')).catch(() => [])).length > 0) return true;
      }
      return false;
    };
    await until('the build has started its work', workStarted, { while: killed });
    process.kill(-killed.pid!, 'SIGKILL');
    await killed;
    const afterKill = await readdir(join(cacheDir, 'guest'));
    expect(afterKill.filter((d) => d.startsWith('.build-'))).toHaveLength(1);
    expect(afterKill.filter((d) => !d.startsWith('.') && !d.endsWith('.json'))).toEqual([]);

    const [mine, again, theirs] = await Promise.all([
      ensureGuestImage({ cacheDir, init: TEST_INIT }),
      ensureGuestImage({ cacheDir, init: TEST_INIT }),
      execa('node', [builder, cacheDir]).then((r) => /KEY (\S+)/.exec(r.stdout)![1]),
    ]);
    expect(again.key).toBe(mine.key);
    expect(theirs).toBe(mine.key);
    const entries = await readdir(join(cacheDir, 'guest'));
    // The killed builder's temporary directory was cleaned up; only the image and small caches remain.
    expect(entries.filter((d) => !d.endsWith('.json'))).toEqual([mine.key]);
    expect((await readdir(mine.dir)).sort()).toEqual(['initramfs.cpio.gz', 'manifest.json', mine.bootProtocol === 'pvh' ? 'vmlinux' : 'vmlinuz'].sort());
    expect(mine.modules.slice(0, 2)).toEqual(['virtio_ring', 'virtio']);
    // Debian's fio links engine libraries (rbd, gfapi, ...): the default image has them as stubs.
    expect(mine.fioClosure).toBe('trimmed');
    expect(mine.stubbedLibraries.length).toBeGreaterThan(0);
    expect(mine.initramfsBytes).toBeLessThan(16 * 2 ** 20);
    expect(mine.modules).toEqual(expect.arrayContaining(['virtiofs', '9p', '9pnet_virtio', 'virtio_console']));

    // The initramfs is a gzip'd newc archive with init, busybox, fio, its loader and the modules.
    const listing = (await execa('sh', ['-c', 'zcat "$1" | busybox cpio -t', 'sh', mine.initramfsPath])).stdout.split('\n');
    expect(listing).toEqual(
      expect.arrayContaining([
        'init',
        'bin/busybox',
        'bin/sh',
        'usr/bin/fio',
        'lib64/ld-linux-x86-64.so.2',
        'lib/modules/virtiofs.ko',
        'dev/console',
        'etc/sharebench/env',
        // The developer loops' tools, the host's binaries with their libraries.
        'usr/bin/git',
        'usr/bin/sqlite3',
        expect.stringMatching(/libpcre2-8\.so\.0$/),
        expect.stringMatching(/libsqlite3\.so\.0$/),
      ]),
    );
    // Each checked with --version at build: the same version the host's own binary prints.
    const hostVersions = await Promise.all(['git', 'sqlite3'].map(async (t) => (await execa(t, ['--version'])).stdout.split('\n')[0]!.trim()));
    expect(mine.tools.map((t) => [t.name, t.version])).toEqual([['git', hostVersions[0]], ['sqlite3', hostVersions[1]]]);
    const manifest = JSON.parse(await readFile(join(mine.dir, 'manifest.json'), 'utf8'));
    expect(manifest.inputs.kernel.name).toMatch(/^linux-image-.*-amd64$/);
    expect(manifest.inputs.kernel.name).not.toMatch(/cloud/);
  }, 300_000);
});
