import { execa } from 'execa';
import { mkdir, mkdtemp, readFile, readlink, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCpioArchive, type CpioEntry } from '../src/cpio.js';

const entries: CpioEntry[] = [
  { type: 'dir', path: 'bin' },
  { type: 'dir', path: 'etc/sharebench', mode: 0o700 },
  { type: 'file', path: '/init', data: Buffer.from('#!/bin/sh\necho hi\n'), mode: 0o755 },
  { type: 'file', path: 'etc/sharebench/empty', data: new Uint8Array(0) },
  { type: 'file', path: 'etc/sharebench/odd-3', data: Buffer.from('abc') },
  { type: 'symlink', path: 'bin/sh', target: '/bin/busybox' },
  { type: 'char', path: 'dev/console', major: 5, minor: 1 },
];

/** A reader for the newc format, independent of the writer: header fields, name, data, 4-byte padding. */
function decodeNewc(archive: Buffer) {
  const out: { name: string; mode: number; size: number; rdevmajor: number; rdevminor: number; data: Buffer }[] = [];
  let at = 0;
  for (;;) {
    expect(at % 4).toBe(0);
    expect(archive.toString('ascii', at, at + 6)).toBe('070701');
    const field = (i: number) => Number.parseInt(archive.toString('ascii', at + 6 + i * 8, at + 14 + i * 8), 16);
    const [mode, size, rdevmajor, rdevminor, namesize] = [field(1), field(6), field(9), field(10), field(11)];
    const name = archive.toString('utf8', at + 110, at + 110 + namesize - 1);
    expect(archive[at + 110 + namesize - 1]).toBe(0);
    const dataAt = at + 110 + namesize + ((4 - ((110 + namesize) % 4)) % 4);
    const data = archive.subarray(dataAt, dataAt + size);
    at = dataAt + size + ((4 - (size % 4)) % 4);
    if (name === 'TRAILER!!!') return { entries: out, end: at };
    out.push({ name, mode, size, rdevmajor, rdevminor, data });
  }
}

describe('image/cpio', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sharebench-cpio-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes newc headers, names and data padded to 4 bytes, ending with the trailer', () => {
    const archive = encodeCpioArchive(entries);
    const { entries: decoded, end } = decodeNewc(archive);
    expect(end).toBe(archive.length);
    expect(decoded.map((e) => e.name)).toEqual(['bin', 'etc/sharebench', 'init', 'etc/sharebench/empty', 'etc/sharebench/odd-3', 'bin/sh', 'dev/console']);
    expect(decoded[1]!.mode).toBe(0o040700);
    expect(decoded[2]!.mode).toBe(0o100755);
    expect(decoded[2]!.data.toString()).toBe('#!/bin/sh\necho hi\n');
    expect(decoded[4]!.size).toBe(3);
    expect(decoded[5]!.mode).toBe(0o120777);
    expect(decoded[5]!.data.toString()).toBe('/bin/busybox');
    expect(decoded[6]).toMatchObject({ mode: 0o020600, rdevmajor: 5, rdevminor: 1 });
  });

  it('is read back by busybox cpio', async () => {
    const archivePath = join(dir, 'test.cpio');
    await writeFile(archivePath, encodeCpioArchive(entries.filter((e) => e.type !== 'char')));
    const listing = await execa('busybox', ['cpio', '-t', '-F', archivePath]);
    expect(listing.stdout.split('\n')).toEqual(['bin', 'etc/sharebench', 'init', 'etc/sharebench/empty', 'etc/sharebench/odd-3', 'bin/sh']);
    const out = join(dir, 'out');
    await mkdir(out);
    await execa('busybox', ['cpio', '-i', '-d', '-F', archivePath], { cwd: out });
    expect(await readFile(join(out, 'init'), 'utf8')).toBe('#!/bin/sh\necho hi\n');
    expect((await stat(join(out, 'init'))).mode & 0o777).toBe(0o755);
    expect(await readlink(join(out, 'bin/sh'))).toBe('/bin/busybox');
    expect(await readFile(join(out, 'etc/sharebench/odd-3'), 'utf8')).toBe('abc');
  });

  it('refuses paths that climb out of the archive', () => {
    expect(() => encodeCpioArchive([{ type: 'dir', path: '../etc' }])).toThrow(/not a clean path/);
    expect(() => encodeCpioArchive([{ type: 'dir', path: '/' }])).toThrow(/not a clean path/);
  });
});
