import { message } from './messages.js';

/**
 * A writer for POSIX ustar archives (pax's `ustar` format, what busybox tar and GNU tar read): a
 * 512-byte header per entry (octal fields, a checksum over the header), the data padded to 512
 * bytes, and two zero blocks at the end.
 */

export type TarEntry = { type: 'dir'; path: string; mode?: number } | { type: 'file'; path: string; data: Uint8Array; mode?: number };

const BLOCK = 512;

/** Encodes one entry: its header block, then its data padded to a whole block. */
export function encodeTarEntry(entry: TarEntry, mtimeS = 0): Buffer[] {
  const size = entry.type === 'file' ? entry.data.byteLength : 0;
  const header = Buffer.alloc(BLOCK);
  const [prefix, name] = splitPath(entry.type === 'dir' ? `${cleanPath(entry.path)}/` : cleanPath(entry.path));
  header.write(name, 0, 100, 'utf8');
  octal(header, 100, 8, entry.mode ?? (entry.type === 'dir' ? 0o755 : 0o644));
  octal(header, 108, 8, 0);
  octal(header, 116, 8, 0);
  octal(header, 124, 12, size);
  octal(header, 136, 12, mtimeS);
  header.write(entry.type === 'dir' ? '5' : '0', 156, 1, 'ascii');
  header.write('ustar\0', 257, 6, 'ascii');
  header.write('00', 263, 2, 'ascii');
  header.write('root', 265, 32, 'ascii');
  header.write('root', 297, 32, 'ascii');
  header.write(prefix, 345, 155, 'utf8');
  // The checksum is the byte sum of the header with its own field read as eight spaces.
  header.fill(' ', 148, 156);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  if (entry.type === 'dir') return [header];
  const data = Buffer.from(entry.data.buffer, entry.data.byteOffset, entry.data.byteLength);
  return [header, data, Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK)];
}

/** The end of an archive: two zero blocks. */
export function tarEnd(): Buffer {
  return Buffer.alloc(2 * BLOCK);
}

/** A whole archive in memory: the entries in order, then the end blocks. */
export function encodeTarArchive(entries: Iterable<TarEntry>, mtimeS = 0): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) parts.push(...encodeTarEntry(entry, mtimeS));
  parts.push(tarEnd());
  return Buffer.concat(parts);
}

function cleanPath(path: string): string {
  const p = path.replace(/^\/+/, '').replace(/\/+$/, '');
  if (p === '' || p.split('/').some((s) => s === '' || s === '.' || s === '..')) throw new Error(message.tarPathUnclean(path));
  return p;
}

// ustar keeps names up to 100 bytes, or 255 split at a slash into a prefix (155) and a name (100).
function splitPath(path: string): [string, string] {
  if (Buffer.byteLength(path) <= 100) return ['', path];
  for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100 && name !== '') return [prefix, name];
  }
  throw new Error(message.tarPathTooLong(path));
}

function octal(header: Buffer, at: number, width: number, value: number): void {
  const digits = value.toString(8);
  if (!Number.isSafeInteger(value) || value < 0 || digits.length > width - 1) throw new Error(message.tarFieldOverflow(value, width));
  header.write(`${digits.padStart(width - 1, '0')}\0`, at, width, 'ascii');
}
