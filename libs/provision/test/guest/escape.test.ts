import { describe, expect, it } from 'vitest';
import { assertMountTag, decodeCmdlineValue, encodeCmdlineValue, fuseOptionValue, qemuOptionValue } from '../../src/guest/escape.js';

describe('guest/escape', () => {
  it('doubles commas in QEMU option values', () => {
    expect(qemuOptionValue('/a,b')).toBe('/a,,b');
    expect(`path=${qemuOptionValue('/srv/x,,y,')}`).toBe('path=/srv/x,,,,y,,');
    expect(qemuOptionValue('/plain/path')).toBe('/plain/path');
    expect(() => qemuOptionValue('a\0b')).toThrow(/NUL/);
  });

  it("escapes commas and backslashes for virtiofsd's -o list", () => {
    expect(fuseOptionValue('/a,b')).toBe('/a\\,b');
    expect(fuseOptionValue('/a\\b')).toBe('/a\\\\b');
  });

  it('encodes kernel command line values so that no space or quote reaches the kernel', () => {
    for (const value of ['tag with spaces', 'quote"and\'single', 'trans=virtio,cache=loose,msize=512000', 'é ünïcode', '']) {
      const encoded = encodeCmdlineValue(value);
      expect(encoded).toMatch(/^[A-Za-z0-9+/=]*$/);
      expect(decodeCmdlineValue(encoded)).toBe(value);
    }
  });

  it('limits virtio-fs tags to 36 bytes, counted in UTF-8', () => {
    expect(assertMountTag('a'.repeat(36), 'virtiofs')).toBe('a'.repeat(36));
    expect(() => assertMountTag('a'.repeat(37), 'virtiofs')).toThrow(/37 bytes; the limit is 36 bytes/);
    expect(() => assertMountTag('é'.repeat(19), 'virtiofs')).toThrow(/38 bytes/);
    expect(assertMountTag('a'.repeat(37), '9p')).toHaveLength(37);
  });

  it('refuses empty tags and tags with spaces or control characters', () => {
    expect(() => assertMountTag('', 'virtiofs')).toThrow(/empty/);
    expect(() => assertMountTag('my tag', '9p')).toThrow(/space or control/);
    expect(() => assertMountTag('tag\n', 'virtiofs')).toThrow(/space or control/);
  });
});
