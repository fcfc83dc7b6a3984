import { message } from './messages.js';

/**
 * Just enough of ELF64 little-endian (System V gABI) to read a program's interpreter and a
 * section by name; the guest image needs both and no ELF tool is guaranteed on the host.
 */

export interface ElfInfo {
  /** `ET_EXEC`, `ET_DYN`, `ET_REL`, ... as the number in e_type. */
  type: number;
  /** PT_INTERP's path (the dynamic loader); null for a static program or an object file. */
  interpreter: string | null;
  /** Section contents by name; empty when the file has no section headers. */
  sections: ReadonlyMap<string, Buffer>;
}

export const ET_REL = 1;
const PT_INTERP = 3;

/** Parses `bytes` as ELF64 LE; throws an Error naming `what` when it is not one. */
export function readElf(bytes: Buffer, what: string): ElfInfo {
  if (bytes.length < 64 || bytes.readUInt32BE(0) !== 0x7f454c46) throw new Error(message.notElf(what));
  if (bytes[4] !== 2 || bytes[5] !== 1) throw new Error(message.notElf64(what));
  const type = bytes.readUInt16LE(16);
  const phoff = Number(bytes.readBigUInt64LE(32));
  const shoff = Number(bytes.readBigUInt64LE(40));
  const phentsize = bytes.readUInt16LE(54);
  const phnum = bytes.readUInt16LE(56);
  const shentsize = bytes.readUInt16LE(58);
  const shnum = bytes.readUInt16LE(60);
  const shstrndx = bytes.readUInt16LE(62);
  const slice = (offset: number, size: number) => {
    if (offset + size > bytes.length) throw new Error(message.elfPastEnd(what));
    return bytes.subarray(offset, offset + size);
  };

  let interpreter: string | null = null;
  for (let i = 0; i < phnum; i++) {
    const ph = phoff + i * phentsize;
    if (bytes.readUInt32LE(ph) !== PT_INTERP) continue;
    const raw = slice(Number(bytes.readBigUInt64LE(ph + 8)), Number(bytes.readBigUInt64LE(ph + 32)));
    interpreter = raw.toString('utf8').replace(/\0.*$/s, '');
  }

  const sections = new Map<string, Buffer>();
  if (shoff !== 0 && shnum !== 0 && shstrndx < shnum) {
    const header = (i: number) => shoff + i * shentsize;
    const strtab = slice(Number(bytes.readBigUInt64LE(header(shstrndx) + 24)), Number(bytes.readBigUInt64LE(header(shstrndx) + 32)));
    for (let i = 0; i < shnum; i++) {
      const h = header(i);
      const nameOffset = bytes.readUInt32LE(h);
      const name = strtab.subarray(nameOffset, strtab.indexOf(0, nameOffset)).toString('utf8');
      const shType = bytes.readUInt32LE(h + 4);
      const SHT_NOBITS = 8;
      if (shType === SHT_NOBITS) continue;
      sections.set(name, slice(Number(bytes.readBigUInt64LE(h + 24)), Number(bytes.readBigUInt64LE(h + 32))));
    }
  }
  return { type, interpreter, sections };
}

/**
 * A kernel module's `depends=` list from its `.modinfo` section (NUL-separated `key=value`
 * strings); what modprobe would read from modules.dep, which the kernel package does not ship.
 */
export function moduleDependencies(ko: Buffer, what: string): string[] {
  const elf = readElf(ko, what);
  if (elf.type !== ET_REL) throw new Error(message.notKernelModule(what, elf.type));
  const modinfo = elf.sections.get('.modinfo');
  if (!modinfo) throw new Error(message.noModinfo(what));
  for (const field of modinfo.toString('utf8').split('\0')) {
    if (field.startsWith('depends=')) return field.slice('depends='.length).split(',').filter((d) => d !== '');
  }
  return [];
}
