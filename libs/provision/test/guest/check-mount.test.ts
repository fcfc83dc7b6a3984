import { describe, expect, it } from 'vitest';
import { mountProblem } from '../../src/guest/check-mount.js';

describe('guest/check-mount', () => {
  it('accepts the mounts Linux 6.1 shows for what was asked', () => {
    expect(mountProblem('sharebench /mnt/share virtiofs rw,relatime 0 0', { fs: 'virtiofs', tag: 'sharebench', dax: false })).toBeNull();
    expect(
      mountProblem('sharebench /mnt/share 9p rw,dirsync,relatime,mmap,access=client,msize=262144,trans=virtio 0 0', {
        fs: '9p',
        tag: 'sharebench',
        cache: 'mmap',
        msize: 262144,
      }),
    ).toBeNull();
    expect(
      mountProblem('sharebench /mnt/share 9p rw,relatime,access=client,msize=512000,trans=virtio 0 0', {
        fs: '9p',
        tag: 'sharebench',
        cache: 'none',
        msize: 512000,
      }),
    ).toBeNull();
  });

  it('takes a 6.1 mount line without msize for the default msize (128 KiB), as the kernel prints it', () => {
    const line = 'sharebench /mnt/share 9p rw,dirsync,relatime,loose,access=client,trans=virtio 0 0';
    expect(mountProblem(line, { fs: '9p', tag: 'sharebench', cache: 'loose', msize: 131072 })).toBeNull();
    expect(mountProblem(line, { fs: '9p', tag: 'sharebench', cache: 'loose', msize: 512000 })).toMatch(/msize=131072, not the requested 512000/);
  });

  it('reads the hex cache masks Linux 6.4 and later print for 9p (seen from a 6.12 guest)', () => {
    const at = (cache: string, options: string) =>
      mountProblem(`sharebench /mnt/share 9p ${options} 0 0`, { fs: '9p', tag: 'sharebench', cache: cache as 'loose', msize: 131072 });
    expect(at('loose', 'rw,relatime,cache=0xf,access=client,msize=131072,trans=virtio')).toBeNull();
    expect(at('readahead', 'rw,relatime,cache=0x1,access=client,msize=131072,trans=virtio')).toBeNull();
    expect(at('mmap', 'rw,relatime,cache=0x5,access=client,msize=131072,trans=virtio')).toBeNull();
    expect(at('mmap', 'rw,relatime,cache=0xf,access=client,msize=131072,trans=virtio')).toMatch(/cache mode loose, not mmap/);
  });

  it('names what differs', () => {
    expect(mountProblem('rootfs / rootfs rw 0 0', { fs: 'virtiofs', tag: 't', dax: false })).toMatch(/no mount at \/mnt\/share/);
    expect(mountProblem('t /mnt/share tmpfs rw 0 0', { fs: 'virtiofs', tag: 't', dax: false })).toMatch(/tmpfs mount, not virtiofs/);
    expect(mountProblem('other /mnt/share virtiofs rw 0 0', { fs: 'virtiofs', tag: 't', dax: false })).toMatch(/mounted from "other"/);
    expect(mountProblem('t /mnt/share virtiofs rw 0 0', { fs: 'virtiofs', tag: 't', dax: true })).toMatch(/without DAX/);
    expect(mountProblem('t /mnt/share 9p rw,loose,msize=512000 0 0', { fs: '9p', tag: 't', cache: 'loose', msize: 1048576 })).toMatch(/msize=512000, not the requested 1048576/);
    expect(mountProblem('t /mnt/share 9p rw,msize=512000 0 0', { fs: '9p', tag: 't', cache: 'loose', msize: 512000 })).toMatch(/cache mode none, not loose/);
  });
});
