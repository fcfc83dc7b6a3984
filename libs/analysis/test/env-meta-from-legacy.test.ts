import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { envMetaFromLegacy } from '@sharebench/analysis';
import { parseLegacyHeader } from '@sharebench/fio';

const ARCHIVE = '../../../fixtures/virtiofs-tests/performance-results';

/** The KEY=VALUE header of one of the seed archive's logs. */
function header(path: string): Record<string, string> {
  const text = readFileSync(new URL(`${ARCHIVE}/${path}`, import.meta.url), 'utf8');
  return parseLegacyHeader(text.split('\n')).header;
}

describe('analysis/ops/env-meta-from-legacy', () => {
  // Each expectation is what the header says: the MOUNTPOINT line (type and options) and TEST_NAME.
  it.each([
    // MOUNTPOINT=/mnt/virtiofs myfs   virtiofs rw,relatime,dax; TEST_NAME=vtfs-auto-dax-64G
    [
      'dec-10-2020/raw-data/varying-dax-window-size/vtfs-cache-auto-dax-64G-test-data.txt',
      { name: 'vtfs-auto-dax-64G', fs: 'virtiofs', cache: 'auto', dax: true, numa: null },
      null, 64 * 2 ** 30,
    ],
    // rw,relatime,dirsync,mmap,access=client,posixacl,msize=512000,trans=virtio
    ['dec-10-2020/raw-data/9p-cache-mmap-test-data.txt', { name: '9p-mmap', fs: '9p', cache: 'mmap', dax: false, numa: null }, 512000, null],
    // rw,relatime,sync,dirsync,access=client,msize=512000,trans=virtio: no cache word, cache=none
    [
      'feb-23-2021/raw-data/cache-none/9p-node-patched-cache-none-test-data.txt',
      { name: '9p-none-node-patched', fs: '9p', cache: 'none', dax: false, numa: 0 },
      512000, null,
    ],
    [
      'feb-23-2021/raw-data/cache-always-loose/9p-cache-loose-test-data.txt',
      { name: '9p-loose', fs: '9p', cache: 'loose', dax: false, numa: null },
      512000, null,
    ],
    [
      'feb-23-2021/raw-data/cache-always-loose/vtfs-node-cache-always-dax-16G-test-data.txt',
      { name: 'vtfs-always-dax-16G-node', fs: 'virtiofs', cache: 'always', dax: true, numa: 0 },
      null, 16 * 2 ** 30,
    ],
    // The dax option without a size in the name: DAX on, window unknown.
    ['dec-10-2020/raw-data/vtfs-cache-none-dax-test-data.txt', { name: 'vtfs-none-dax', fs: 'virtiofs', cache: 'none', dax: true, numa: null }, null, null],
    ['feb-23-2021/raw-data/cache-auto/vtfs-cache-auto-test-data.txt', { name: 'vtfs-auto', fs: 'virtiofs', cache: 'auto', dax: false, numa: null }, null, null],
  ])('%s', (path, meta, msize, window) => {
    const env = envMetaFromLegacy(header(path));
    expect(env).toEqual({ meta, msize, dax_window_bytes: window, conflicts: [] });
  });

  it('keeps what the mount line says when the name is another env, and the name only for what the mount cannot say', () => {
    const h = header('dec-10-2020/raw-data/varying-dax-window-size/vtfs-cache-auto-dax-64G-test-data.txt');
    // --env chosen by the user: the mount line still says virtiofs with dax.
    expect(envMetaFromLegacy(h, 'my-run').meta).toEqual({ name: 'my-run', fs: 'virtiofs', cache: null, dax: true, numa: null });
    expect(envMetaFromLegacy(h, 'vtfs-cache-auto-dax-64G')).toMatchObject({ meta: { cache: 'auto', dax: true }, dax_window_bytes: 64 * 2 ** 30 });
  });

  it('reports where the name contradicts the mount line, and keeps the mount line', () => {
    const vtfs = header('feb-23-2021/raw-data/cache-auto/vtfs-cache-auto-test-data.txt');
    const daxByName = envMetaFromLegacy(vtfs, 'vtfs-auto-dax-16G');
    expect(daxByName.meta).toMatchObject({ fs: 'virtiofs', dax: false });
    expect(daxByName.dax_window_bytes).toBeNull();
    expect(daxByName.conflicts).toEqual([{ field: 'MOUNTPOINT dax', value: 'off', message: expect.stringMatching(/name "vtfs-auto-dax-16G" says dax on, the mount line says off: the mount line is kept/) }]);
    const ninep = envMetaFromLegacy(header('dec-10-2020/raw-data/9p-cache-mmap-test-data.txt'), '9p-loose');
    expect(ninep.meta.cache).toBe('mmap');
    expect(ninep.conflicts.map((c) => c.field)).toEqual(['MOUNTPOINT cache']);
    expect(envMetaFromLegacy(vtfs, '9p-none').conflicts.map((c) => c.field)).toEqual(['MOUNTPOINT fs']);
  });

  it('goes by the name and VIRTO_SHM_REGIONS when there is no mount line', () => {
    expect(envMetaFromLegacy({ TEST_NAME: 'vtfs-always-dax-2G-node1' })).toEqual({
      meta: { name: 'vtfs-always-dax-2G-node1', fs: 'virtiofs', cache: 'always', dax: true, numa: 1 },
      msize: null,
      dax_window_bytes: 2 * 2 ** 30,
      conflicts: [],
    });
    expect(envMetaFromLegacy({ TEST_NAME: 'virtiofs', VIRTO_SHM_REGIONS: '0x1000' }).meta).toMatchObject({ fs: 'virtiofs', dax: true });
    expect(envMetaFromLegacy({ TEST_NAME: '9p' }).meta).toMatchObject({ fs: '9p', cache: 'none' });
  });
});
