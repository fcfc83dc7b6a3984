import { describe, expect, it } from 'vitest';
import { parseLdd } from '../src/ldd.js';

const listing = `\tlinux-vdso.so.1 (0x00007ffd5d3f2000)
\tlibnuma.so.1 => /lib/x86_64-linux-gnu/libnuma.so.1 (0x00007f8c53096000)
\tlibceph-common.so.2 => /usr/lib/x86_64-linux-gnu/ceph/libceph-common.so.2 (0x00007f8c48c00000)
\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f8c51fc9000)
\t/lib64/ld-linux-x86-64.so.2 (0x00007f8c530ba000)
`;

describe('image/ldd', () => {
  it('lists libraries by the path they were found at, and the dynamic loader, without the vDSO', () => {
    expect(parseLdd(listing, 'fio')).toEqual([
      { name: 'libnuma.so.1', path: '/lib/x86_64-linux-gnu/libnuma.so.1' },
      { name: 'libceph-common.so.2', path: '/usr/lib/x86_64-linux-gnu/ceph/libceph-common.so.2' },
      { name: 'libc.so.6', path: '/lib/x86_64-linux-gnu/libc.so.6' },
      { name: '/lib64/ld-linux-x86-64.so.2', path: '/lib64/ld-linux-x86-64.so.2' },
    ]);
  });

  it('fails on a library the loader could not find', () => {
    expect(() => parseLdd('\tlibrbd.so.1 => not found\n', '/usr/bin/fio')).toThrow(/\/usr\/bin\/fio needs librbd\.so\.1/);
  });

  it('gives nothing for a static program', () => {
    expect(parseLdd('\tstatically linked\n', 'busybox')).toEqual([]);
  });
});
