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

  it('names what differs', () => {
    expect(mountProblem('rootfs / rootfs rw 0 0', { fs: 'virtiofs', tag: 't', dax: false })).toMatch(/no mount at \/mnt\/share/);
    expect(mountProblem('t /mnt/share tmpfs rw 0 0', { fs: 'virtiofs', tag: 't', dax: false })).toMatch(/tmpfs mount, not virtiofs/);
    expect(mountProblem('other /mnt/share virtiofs rw 0 0', { fs: 'virtiofs', tag: 't', dax: false })).toMatch(/mounted from "other"/);
    expect(mountProblem('t /mnt/share virtiofs rw 0 0', { fs: 'virtiofs', tag: 't', dax: true })).toMatch(/without DAX/);
    expect(mountProblem('t /mnt/share 9p rw,loose,msize=512000 0 0', { fs: '9p', tag: 't', cache: 'loose', msize: 1048576 })).toMatch(/msize=512000, not the requested 1048576/);
    expect(mountProblem('t /mnt/share 9p rw,msize=512000 0 0', { fs: '9p', tag: 't', cache: 'loose', msize: 512000 })).toMatch(/cache mode none, not loose/);
  });
});
