/**
 * Writes a stand-in ELF64 x86-64 shared library: it has the given soname and defines the given
 * (optionally versioned) functions, each of which executes `ud2`, so any call stops the program
 * with SIGILL instead of doing something wrong quietly. The dynamic loader needs only the program
 * headers and the dynamic section (hash table, symbols, strings, GNU version definitions), so the
 * file has no section headers.
 */

export interface StubSymbol {
  name: string;
  /** Symbol version (`GFAPI_6.0`), or null for an unversioned symbol. */
  version: string | null;
}

const PAGE = 0x1000;
const PT_LOAD = 1;
const PT_DYNAMIC = 2;
const PF_X = 1;
const PF_W = 2;
const PF_R = 4;
const DT = {
  NULL: 0,
  HASH: 4,
  STRTAB: 5,
  SYMTAB: 6,
  STRSZ: 10,
  SYMENT: 11,
  SONAME: 14,
  VERSYM: 0x6ffffff0,
  VERDEF: 0x6ffffffc,
  VERDEFNUM: 0x6ffffffd,
} as const;
const UD2 = [0x0f, 0x0b];

/** The stub library's bytes (see the module comment). */
export function writeStubLibrary(soname: string, symbols: readonly StubSymbol[]): Buffer {
  const versionNames = [...new Set(symbols.map((s) => s.version).filter((v): v is string => v !== null))].sort();
  const strings = new StringTable();
  const sonameAt = strings.add(soname);
  const nameAt = symbols.map((s) => strings.add(s.name));
  const versionAt = versionNames.map((v) => strings.add(v));

  // Read-only, executable segment: headers, hash, symbols, strings, versions, code.
  let at = 64 + 3 * 56;
  const place = (size: number, align: number) => {
    at = Math.ceil(at / align) * align;
    const start = at;
    at += size;
    return start;
  };
  const count = symbols.length + 1;
  const hashAt = place(4 * (2 + count + count), 8);
  const symtabAt = place(24 * count, 8);
  const strtabAt = place(strings.size, 1);
  const versymAt = place(2 * count, 2);
  const verdefCount = versionNames.length + 1;
  const verdefAt = place(28 * verdefCount, 4);
  const codeAt = place(UD2.length, 16);
  const textEnd = at;
  // The dynamic section gets a writable page of its own: older loaders relocate it in place.
  const dynamicAt = Math.ceil(textEnd / PAGE) * PAGE;
  const dynamicEntries: [number, number][] = [
    [DT.SONAME, sonameAt],
    [DT.HASH, hashAt],
    [DT.STRTAB, strtabAt],
    [DT.SYMTAB, symtabAt],
    [DT.STRSZ, strings.size],
    [DT.SYMENT, 24],
    [DT.VERSYM, versymAt],
    [DT.VERDEF, verdefAt],
    [DT.VERDEFNUM, verdefCount],
    [DT.NULL, 0],
  ];
  const out = Buffer.alloc(dynamicAt + 16 * dynamicEntries.length);

  // ELF header: 64-bit, little-endian, SysV, ET_DYN, x86-64.
  out.writeUInt32BE(0x7f454c46, 0);
  out[4] = 2;
  out[5] = 1;
  out[6] = 1;
  out.writeUInt16LE(3, 16);
  out.writeUInt16LE(62, 18);
  out.writeUInt32LE(1, 20);
  out.writeBigUInt64LE(64n, 32);
  out.writeUInt16LE(64, 52);
  out.writeUInt16LE(56, 54);
  out.writeUInt16LE(3, 56);
  const programHeader = (i: number, type: number, flags: number, offset: number, size: number, align: number) => {
    const h = 64 + i * 56;
    out.writeUInt32LE(type, h);
    out.writeUInt32LE(flags, h + 4);
    out.writeBigUInt64LE(BigInt(offset), h + 8);
    out.writeBigUInt64LE(BigInt(offset), h + 16);
    out.writeBigUInt64LE(BigInt(offset), h + 24);
    out.writeBigUInt64LE(BigInt(size), h + 32);
    out.writeBigUInt64LE(BigInt(size), h + 40);
    out.writeBigUInt64LE(BigInt(align), h + 48);
  };
  programHeader(0, PT_LOAD, PF_R | PF_X, 0, textEnd, PAGE);
  programHeader(1, PT_LOAD, PF_R | PF_W, dynamicAt, 16 * dynamicEntries.length, PAGE);
  programHeader(2, PT_DYNAMIC, PF_R | PF_W, dynamicAt, 16 * dynamicEntries.length, 8);

  // SysV hash table: one bucket per symbol, chains through the symbol table.
  const nbucket = Math.max(1, symbols.length);
  out.writeUInt32LE(nbucket, hashAt);
  out.writeUInt32LE(count, hashAt + 4);
  const bucketAt = hashAt + 8;
  const chainAt = bucketAt + 4 * nbucket;
  symbols.forEach((s, i) => {
    const index = i + 1;
    const bucket = elfHash(s.name) % nbucket;
    out.writeUInt32LE(out.readUInt32LE(bucketAt + 4 * bucket), chainAt + 4 * index);
    out.writeUInt32LE(index, bucketAt + 4 * bucket);
  });

  // Symbols: global functions, all at the ud2 (a symbol valued 0 would count as undefined).
  const STB_GLOBAL_STT_FUNC = 0x12;
  symbols.forEach((s, i) => {
    const e = symtabAt + 24 * (i + 1);
    out.writeUInt32LE(nameAt[i]!, e);
    out[e + 4] = STB_GLOBAL_STT_FUNC;
    out.writeUInt16LE(1, e + 6);
    out.writeBigUInt64LE(BigInt(codeAt), e + 8);
    out.writeBigUInt64LE(BigInt(UD2.length), e + 16);
    out.writeUInt16LE(s.version === null ? 1 : versionNames.indexOf(s.version) + 2, versymAt + 2 * (i + 1));
  });
  strings.bytes().copy(out, strtabAt);

  // Version definitions: index 1 is the library itself (VER_FLG_BASE), then one per version.
  [soname, ...versionNames].forEach((name, i) => {
    const d = verdefAt + 28 * i;
    out.writeUInt16LE(1, d);
    out.writeUInt16LE(i === 0 ? 1 : 0, d + 2);
    out.writeUInt16LE(i + 1, d + 4);
    out.writeUInt16LE(1, d + 6);
    out.writeUInt32LE(elfHash(name), d + 8);
    out.writeUInt32LE(20, d + 12);
    out.writeUInt32LE(i === verdefCount - 1 ? 0 : 28, d + 16);
    out.writeUInt32LE(i === 0 ? sonameAt : versionAt[i - 1]!, d + 20);
    out.writeUInt32LE(0, d + 24);
  });

  Buffer.from(UD2).copy(out, codeAt);
  dynamicEntries.forEach(([tag, value], i) => {
    out.writeBigInt64LE(BigInt(tag), dynamicAt + 16 * i);
    out.writeBigUInt64LE(BigInt(value), dynamicAt + 16 * i + 8);
  });
  return out;
}

/** The System V ABI's ELF hash (used by DT_HASH and by version definitions). */
export function elfHash(name: string): number {
  let h = 0;
  for (const byte of Buffer.from(name, 'utf8')) {
    h = ((h << 4) + byte) >>> 0;
    const g = h & 0xf0000000;
    if (g !== 0) h ^= g >>> 24;
    h &= ~g >>> 0;
    h >>>= 0;
  }
  return h;
}

class StringTable {
  private parts: Buffer[] = [Buffer.from([0])];
  size = 1;
  private known = new Map<string, number>();

  add(text: string): number {
    const seen = this.known.get(text);
    if (seen !== undefined) return seen;
    const at = this.size;
    const bytes = Buffer.from(`${text}\0`, 'utf8');
    this.parts.push(bytes);
    this.size += bytes.length;
    this.known.set(text, at);
    return at;
  }

  bytes(): Buffer {
    return Buffer.concat(this.parts);
  }
}
