import { describe, expect, it } from 'vitest';
import { readDynamicInfo } from '../src/elf-dynamic.js';
import { elfHash, writeStubLibrary } from '../src/stub-library.js';

describe('image/stub-library', () => {
  it('defines the asked symbols with their versions under the soname', () => {
    const bytes = writeStubLibrary('libexample.so.1', [
      { name: 'ex_open', version: 'EX_1.0' },
      { name: 'ex_close', version: 'EX_2.0' },
      { name: 'ex_plain', version: null },
    ]);
    const info = readDynamicInfoFromStub(bytes);
    expect(info.soname).toBe('libexample.so.1');
    expect(info.symbols).toEqual([
      { name: 'ex_open', defined: true, version: 'EX_1.0', versionFile: null },
      { name: 'ex_close', defined: true, version: 'EX_2.0', versionFile: null },
      { name: 'ex_plain', defined: true, version: null, versionFile: null },
    ]);
  });

  it('computes the System V ELF hash', () => {
    expect(elfHash('')).toBe(0);
    expect(elfHash('printf')).toBe(0x077905a6);
    expect(elfHash('GLIBC_2.2.5')).toBe(0x09691a75);
  });
});

// The stub has no section headers (the loader does not need them), so read it through a copy that
// adds the four sections readDynamicInfo looks for, located from the dynamic section.
function readDynamicInfoFromStub(stub: Buffer) {
  const phoff = Number(stub.readBigUInt64LE(32));
  const dynamic = (() => {
    for (let i = 0; i < stub.readUInt16LE(56); i++) {
      const h = phoff + i * 56;
      if (stub.readUInt32LE(h) === 2) return { at: Number(stub.readBigUInt64LE(h + 8)), size: Number(stub.readBigUInt64LE(h + 32)) };
    }
    throw new Error('no PT_DYNAMIC');
  })();
  const tags = new Map<number, number>();
  for (let at = dynamic.at; at < dynamic.at + dynamic.size; at += 16) tags.set(Number(stub.readBigInt64LE(at)), Number(stub.readBigUInt64LE(at + 8)));
  const nchain = stub.readUInt32LE(tags.get(4)! + 4);
  const sections: [string, number, number][] = [
    ['.dynstr', tags.get(5)!, tags.get(10)!],
    ['.dynsym', tags.get(6)!, 24 * nchain],
    ['.gnu.version', tags.get(0x6ffffff0)!, 2 * nchain],
    ['.gnu.version_d', tags.get(0x6ffffffc)!, 28 * tags.get(0x6ffffffd)!],
    ['.dynamic', dynamic.at, dynamic.size],
  ];
  const names = Buffer.from(`\0${sections.map(([n]) => n).join('\0')}\0`);
  const shoff = stub.length + names.length + ((8 - ((stub.length + names.length) % 8)) % 8);
  const out = Buffer.alloc(shoff + 64 * (sections.length + 2));
  stub.copy(out);
  names.copy(out, stub.length);
  out.writeBigUInt64LE(BigInt(shoff), 40);
  out.writeUInt16LE(64, 58);
  out.writeUInt16LE(sections.length + 2, 60);
  out.writeUInt16LE(sections.length + 1, 62);
  let nameAt = 1;
  sections.forEach(([name, offset, size], i) => {
    const h = shoff + 64 * (i + 1);
    out.writeUInt32LE(nameAt, h);
    out.writeUInt32LE(1, h + 4);
    out.writeBigUInt64LE(BigInt(offset), h + 24);
    out.writeBigUInt64LE(BigInt(size), h + 32);
    nameAt += name.length + 1;
  });
  const strtab = shoff + 64 * (sections.length + 1);
  out.writeUInt32LE(3, strtab + 4);
  out.writeBigUInt64LE(BigInt(stub.length), strtab + 24);
  out.writeBigUInt64LE(BigInt(names.length), strtab + 32);
  return readDynamicInfo(out, 'stub');
}
