import { describe, expect, it } from 'vitest';
import { defaultPairs, type PairableEnv } from '@sharebench/analysis';
import type { NinepSession, VirtiofsSession } from '@sharebench/core';

const guest = {
  mount: 'm',
  fio_version: 'fio-3.33',
  qemu: { version: 'QEMU emulator version 7.2.22', argv: [] },
  accel: 'tcg' as const,
  accel_reason: 'r',
  accel_probe: null,
  vcpus: 2,
  memory_bytes: 2 ** 30,
  numa: null,
  shared_dir: '/s',
  kernel_cmdline: '',
  image: {
    key: 'k',
    kernel_package: { name: 'p', version: 'v' },
    kernel_release: 'r',
    boot_protocol: 'pvh' as const,
    fio_closure: 'trimmed' as const,
    stubbed_libraries: [],
    dir: '/i',
  },
  guest_resources: '',
  boot_ms: 3000,
  serial_log: '/l',
};

function vfs(name: string, daemon: 'c' | 'rust', cache: string, over: Partial<VirtiofsSession> = {}): PairableEnv {
  const session: VirtiofsSession = {
    ...guest,
    kind: 'virtiofs',
    kernel: '6.1.0-57-amd64',
    daemon: { flavour: daemon, version: daemon === 'c' ? 'virtiofsd version 7.2.22' : 'virtiofsd 1.13.2', argv: [] },
    cache,
    xattr: false,
    thread_pool_size: daemon === 'c' ? 64 : 0,
    allow_direct_io: true,
    allow_mmap: false,
    inode_file_handles: null,
    dax_window_bytes: null,
    ...over,
  };
  return { name, fs: 'virtiofs', cache: cache as 'auto', dax: false, numa: null, session };
}

function ninep(name: string, msize: number, kernel: string): PairableEnv {
  const session: NinepSession = { ...guest, kind: '9p', kernel, cache: 'loose', msize, security_model: 'none' };
  return { name, fs: '9p', cache: 'loose', dax: false, numa: null, session };
}

describe('analysis/ops/speedups pairs (stacks)', () => {
  it('pairs the Rust virtiofsd with the C one per cache class, and envs that differ only in the kernel', () => {
    const envs = [
      vfs('c-none', 'c', 'none'),
      vfs('rust-never', 'rust', 'never'),
      vfs('c-auto', 'c', 'auto'),
      vfs('rust-auto', 'rust', 'auto'),
      vfs('rust-auto-tp4', 'rust', 'auto', { thread_pool_size: 4 }),
      vfs('rust-auto-k612', 'rust', 'auto', { kernel: '6.12.95+deb12-amd64' }),
      ninep('9p-512k', 512000, '6.1.0-57-amd64'),
      ninep('9p-512k-k612', 512000, '6.12.95+deb12-amd64'),
      ninep('9p-128k', 131072, '6.1.0-57-amd64'),
    ];
    const pairs = defaultPairs(envs).map((p) => `${p.family}:${p.candidate}/${p.baseline}`);
    // Rust vs C at the same cache class, on the same kernel and QEMU (the pool size is the daemons' own default).
    expect(pairs.filter((p) => p.startsWith('daemon:')).sort()).toEqual(['daemon:rust-auto-tp4/c-auto', 'daemon:rust-auto/c-auto', 'daemon:rust-never/c-none']);
    // Only the kernel differs: the newer against the older, never the other way round, never across msize.
    expect(pairs.filter((p) => p.startsWith('kernel:')).sort()).toEqual(['kernel:9p-512k-k612/9p-512k', 'kernel:rust-auto-k612/rust-auto']);
    // auto (some caching) is not loose's class (full caching): no virtio-fs vs 9p pair across classes.
    expect(pairs.filter((p) => p.startsWith('fs:'))).toEqual([]);
  });

  it('pairs across QEMU versions where nothing else differs, and not without a recorded session', () => {
    const older = vfs('q7', 'rust', 'auto');
    const newer = vfs('q10', 'rust', 'auto', { qemu: { version: 'QEMU emulator version 10.0.2', argv: [] } });
    expect(defaultPairs([older, newer]).map((p) => `${p.family}:${p.candidate}/${p.baseline}`)).toEqual(['qemu:q10/q7']);
    const noSession = { ...vfs('x', 'rust', 'auto'), session: null };
    expect(defaultPairs([noSession, vfs('c', 'c', 'auto')]).filter((p) => p.family === 'daemon')).toEqual([]);
  });
});
