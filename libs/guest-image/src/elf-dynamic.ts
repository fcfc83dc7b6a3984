import { readElf } from './elf.js';
import { message } from './messages.js';

/** One dynamic symbol of a program or shared library. */
export interface DynamicSymbol {
  name: string;
  defined: boolean;
  /** The symbol version (`GFAPI_6.0`), or null when unversioned. */
  version: string | null;
  /** For an undefined symbol: the library its version is required from (verneed), else null. */
  versionFile: string | null;
}

export interface DynamicInfo {
  /** DT_NEEDED, in order. */
  needed: string[];
  soname: string | null;
  symbols: DynamicSymbol[];
}

const DT_NEEDED = 1;
const DT_SONAME = 14;
const VERSYM_HIDDEN = 0x8000;

/**
 * The dynamic linking information of an ELF64 LE file, read from its section headers (.dynamic,
 * .dynsym, .dynstr and the GNU version sections): what it needs and which symbols, with which
 * versions, it defines or imports.
 */
export function readDynamicInfo(bytes: Buffer, what: string): DynamicInfo {
  const { sections } = readElf(bytes, what);
  const dynstr = sections.get('.dynstr');
  const dynsym = sections.get('.dynsym');
  if (!dynstr || !dynsym) throw new Error(message.noDynamicSymbols(what));
  const str = (offset: number) => dynstr.toString('utf8', offset, dynstr.indexOf(0, offset));

  const needed: string[] = [];
  let soname: string | null = null;
  const dynamic = sections.get('.dynamic');
  for (let at = 0; dynamic && at + 16 <= dynamic.length; at += 16) {
    const tag = Number(dynamic.readBigInt64LE(at));
    const value = Number(dynamic.readBigUInt64LE(at + 8));
    if (tag === DT_NEEDED) needed.push(str(value));
    else if (tag === DT_SONAME) soname = str(value);
  }

  // Version index -> (name, file it is needed from); index 0 is local, 1 is the unversioned global.
  const versions = new Map<number, { name: string; file: string | null }>();
  const verneed = sections.get('.gnu.version_r');
  for (let at = 0; verneed && at < verneed.length; ) {
    const count = verneed.readUInt16LE(at + 2);
    const file = str(verneed.readUInt32LE(at + 4));
    let aux = at + verneed.readUInt32LE(at + 8);
    for (let i = 0; i < count; i++) {
      versions.set(verneed.readUInt16LE(aux + 6), { name: str(verneed.readUInt32LE(aux + 8)), file });
      aux += verneed.readUInt32LE(aux + 12);
    }
    const next = verneed.readUInt32LE(at + 12);
    if (next === 0) break;
    at += next;
  }
  const verdef = sections.get('.gnu.version_d');
  for (let at = 0; verdef && at < verdef.length; ) {
    const index = verdef.readUInt16LE(at + 4);
    const aux = at + verdef.readUInt32LE(at + 12);
    versions.set(index, { name: str(verdef.readUInt32LE(aux)), file: null });
    const next = verdef.readUInt32LE(at + 16);
    if (next === 0) break;
    at += next;
  }

  const versym = sections.get('.gnu.version');
  const symbols: DynamicSymbol[] = [];
  for (let i = 1; i * 24 < dynsym.length; i++) {
    const at = i * 24;
    const name = str(dynsym.readUInt32LE(at));
    if (name === '') continue;
    const defined = dynsym.readUInt16LE(at + 6) !== 0;
    const index = versym ? versym.readUInt16LE(i * 2) & ~VERSYM_HIDDEN : 1;
    const version = index > 1 ? (versions.get(index) ?? null) : null;
    // A library's own base version (its soname) is not a symbol version.
    const isBase = version !== null && version.file === null && version.name === soname;
    symbols.push({ name, defined, version: version && !isBase ? version.name : null, versionFile: defined ? null : (version?.file ?? null) });
  }
  return { needed, soname, symbols };
}
