import { describe, expect, it } from 'vitest';
import { moduleLoadOrder, normalizeModuleName } from '../src/module-order.js';

const deps: Record<string, string[]> = {
  virtio_ring: [],
  virtio: ['virtio_ring'],
  virtio_pci_legacy_dev: [],
  virtio_pci_modern_dev: [],
  virtio_pci: ['virtio_ring', 'virtio_pci_modern_dev', 'virtio_pci_legacy_dev', 'virtio'],
  '9pnet': [],
  '9pnet_virtio': ['virtio', '9pnet', 'virtio_ring'],
  '9p': ['9pnet', 'fscache', 'netfs'],
  fscache: ['netfs'],
  netfs: [],
};
const lookup = (name: string) => (name === 'builtin_one' ? { builtin: true as const } : deps[name] ? { builtin: false as const, depends: deps[name]! } : null);

describe('image/module-order', () => {
  it('puts every module after its dependencies, otherwise in the order asked for', () => {
    expect(moduleLoadOrder(['virtio_pci', '9p', '9pnet_virtio'], lookup)).toEqual([
      'virtio_ring',
      'virtio_pci_modern_dev',
      'virtio_pci_legacy_dev',
      'virtio',
      'virtio_pci',
      '9pnet',
      'netfs',
      'fscache',
      '9p',
      '9pnet_virtio',
    ]);
  });

  it('drops built-in modules and names the one that is missing', () => {
    expect(moduleLoadOrder(['builtin_one', 'virtio'], lookup)).toEqual(['virtio_ring', 'virtio']);
    expect(() => moduleLoadOrder(['virtiofs'], lookup)).toThrow(/kernel module virtiofs is neither/);
  });

  it('reports a dependency cycle', () => {
    expect(() => moduleLoadOrder(['a'], (n) => ({ builtin: false, depends: n === 'a' ? ['b'] : ['a'] }))).toThrow(/cycle: a -> b -> a/);
  });

  it('normalizes file names and dashes', () => {
    expect(normalizeModuleName('virtio-rng.ko.xz')).toBe('virtio_rng');
    expect(normalizeModuleName('9pnet_virtio.ko')).toBe('9pnet_virtio');
  });
});
