import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ET_REL, moduleDependencies, readElf } from '../src/elf.js';

/** A minimal ELF64 relocatable object with a .modinfo section, as a kernel module has. */
function fakeModule(modinfo: string): Buffer {
  const shstrtab = Buffer.from('\0.modinfo\0.shstrtab\0');
  const info = Buffer.from(modinfo);
  const dataAt = 64;
  const strAt = dataAt + info.length;
  const shoff = strAt + shstrtab.length + ((8 - ((strAt + shstrtab.length) % 8)) % 8);
  const out = Buffer.alloc(shoff + 3 * 64);
  out.writeUInt32BE(0x7f454c46, 0);
  out[4] = 2;
  out[5] = 1;
  out[6] = 1;
  out.writeUInt16LE(ET_REL, 16);
  out.writeUInt16LE(62, 18);
  out.writeBigUInt64LE(BigInt(shoff), 40);
  out.writeUInt16LE(64, 52);
  out.writeUInt16LE(64, 58);
  out.writeUInt16LE(3, 60);
  out.writeUInt16LE(2, 62);
  info.copy(out, dataAt);
  shstrtab.copy(out, strAt);
  const section = (i: number, name: number, type: number, offset: number, size: number) => {
    const h = shoff + i * 64;
    out.writeUInt32LE(name, h);
    out.writeUInt32LE(type, h + 4);
    out.writeBigUInt64LE(BigInt(offset), h + 24);
    out.writeBigUInt64LE(BigInt(size), h + 32);
  };
  section(1, 1, 1, dataAt, info.length);
  section(2, 10, 3, strAt, shstrtab.length);
  return out;
}

describe('image/elf', () => {
  it("reads a dynamic program's interpreter and finds none in static busybox", async () => {
    expect(readElf(await readFile('/usr/bin/fio'), 'fio').interpreter).toMatch(/^\/lib64\/ld-linux-x86-64\.so\.2$/);
    expect(readElf(await readFile('/bin/busybox'), 'busybox').interpreter).toBeNull();
  });

  it("reads a module's depends= from .modinfo", () => {
    const ko = fakeModule('license=GPL\0depends=virtio,9pnet,virtio_ring\0retpoline=Y\0name=9pnet_virtio\0');
    expect(moduleDependencies(ko, '9pnet_virtio.ko')).toEqual(['virtio', '9pnet', 'virtio_ring']);
    expect(moduleDependencies(fakeModule('depends=\0name=virtio_ring\0'), 'virtio_ring.ko')).toEqual([]);
  });

  it('says what is wrong with something that is not a module', async () => {
    expect(() => readElf(Buffer.from('#!/bin/sh\n'), 'init')).toThrow(/init is not an ELF file/);
    const busybox = await readFile('/bin/busybox');
    expect(() => moduleDependencies(busybox, 'busybox')).toThrow(/busybox is not a kernel module/);
  });
});
