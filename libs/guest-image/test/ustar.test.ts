import { describe, expect, it } from 'vitest';
import { encodeTarArchive, type TarEntry } from '../src/ustar.js';

/** A reader for ustar headers, independent of the writer: octal fields, the checksum, 512-byte blocks. */
function decodeUstar(archive: Buffer) {
  const out: { name: string; type: string; mode: number; size: number; mtime: number; data: Buffer }[] = [];
  let at = 0;
  for (;;) {
    const header = archive.subarray(at, at + 512);
    if (header.every((b) => b === 0)) {
      expect(archive.subarray(at).every((b) => b === 0)).toBe(true);
      expect(archive.length - at).toBe(1024);
      return out;
    }
    const text = (from: number, len: number) => header.toString('utf8', from, from + len).replace(/\0.*$/s, '');
    const octal = (from: number, len: number) => Number.parseInt(text(from, len).trim(), 8);
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : header[i]!;
    expect(octal(148, 8)).toBe(sum);
    expect(header.toString('ascii', 257, 265)).toBe('ustar\u000000');
    const prefix = text(345, 155);
    const name = prefix ? `${prefix}/${text(0, 100)}` : text(0, 100);
    const size = octal(124, 12);
    const data = archive.subarray(at + 512, at + 512 + size);
    out.push({ name, type: text(156, 1), mode: octal(100, 8), size, mtime: octal(136, 12), data });
    at += 512 + Math.ceil(size / 512) * 512;
  }
}

describe('tree/ustar', () => {
  it('writes headers with valid checksums, data padded to 512 bytes, and two zero blocks at the end', () => {
    const entries: TarEntry[] = [
      { type: 'dir', path: 'top' },
      { type: 'file', path: 'top/empty', data: new Uint8Array(0) },
      { type: 'file', path: 'top/a', data: Buffer.from('hello'), mode: 0o600 },
      { type: 'file', path: 'top/block', data: Buffer.alloc(512, 7) },
    ];
    const archive = encodeTarArchive(entries);
    expect(archive.length % 512).toBe(0);
    const decoded = decodeUstar(archive);
    expect(decoded.map((e) => [e.name, e.type, e.mode, e.size, e.mtime])).toEqual([
      ['top/', '5', 0o755, 0, 0],
      ['top/empty', '0', 0o644, 0, 0],
      ['top/a', '0', 0o600, 5, 0],
      ['top/block', '0', 0o644, 512, 0],
    ]);
    expect(decoded[2]!.data.toString()).toBe('hello');
    expect(decoded[3]!.data.equals(Buffer.alloc(512, 7))).toBe(true);
  });

  it('splits a long path into prefix and name, and refuses what ustar cannot hold', () => {
    const long = `${'d'.repeat(90)}/${'e'.repeat(60)}/f`;
    expect(decodeUstar(encodeTarArchive([{ type: 'file', path: long, data: Buffer.from('x') }]))[0]!.name).toBe(long);
    expect(() => encodeTarArchive([{ type: 'file', path: 'x'.repeat(101), data: new Uint8Array(0) }])).toThrow(/too long/);
    expect(() => encodeTarArchive([{ type: 'dir', path: 'a/../b' }])).toThrow(/not a clean relative path/);
  });
});
