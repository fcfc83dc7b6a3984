import { message } from './messages.js';

/**
 * A writer for the "newc" cpio format (the one the Linux kernel unpacks as an initramfs,
 * Documentation/driver-api/early-userspace/buffer-format.rst): a 110-byte ASCII header of hex
 * fields, the NUL-terminated name padded to 4 bytes, then the data padded to 4 bytes.
 */

export type CpioEntry =
  | { type: 'dir'; path: string; mode?: number }
  | { type: 'file'; path: string; data: Uint8Array; mode?: number }
  | { type: 'symlink'; path: string; target: string }
  | { type: 'char'; path: string; major: number; minor: number; mode?: number };

const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;
const S_IFCHR = 0o020000;
const HEADER_BYTES = 110;
const CPIO_TRAILER = 'TRAILER!!!';

/**
 * Encodes one entry as newc bytes (header, name, data, with padding). `ino` must be unique in the
 * archive; `path` is stored relative (no leading `/`), which is how the kernel expects it.
 */
export function encodeCpioEntry(entry: CpioEntry | { type: 'trailer' }, ino: number): Buffer[] {
  const name = entry.type === 'trailer' ? CPIO_TRAILER : archivePath(entry.path);
  const data =
    entry.type === 'file' ? entry.data : entry.type === 'symlink' ? Buffer.from(entry.target, 'utf8') : new Uint8Array(0);
  let mode = 0;
  let nlink = 1;
  let rdev: [number, number] = [0, 0];
  switch (entry.type) {
    case 'dir':
      mode = S_IFDIR | (entry.mode ?? 0o755);
      nlink = 2;
      break;
    case 'file':
      mode = S_IFREG | (entry.mode ?? 0o644);
      break;
    case 'symlink':
      mode = S_IFLNK | 0o777;
      break;
    case 'char':
      mode = S_IFCHR | (entry.mode ?? 0o600);
      rdev = [entry.major, entry.minor];
      break;
    case 'trailer':
      nlink = 1;
      break;
  }
  const nameBytes = Buffer.from(`${name}\0`, 'utf8');
  const fields = [ino, mode, 0, 0, nlink, 0, data.byteLength, 0, 0, rdev[0], rdev[1], nameBytes.byteLength, 0];
  const header = Buffer.from(`070701${fields.map(hex8).join('')}`, 'ascii');
  return [
    header,
    nameBytes,
    zeros(pad4(HEADER_BYTES + nameBytes.byteLength)),
    Buffer.from(data.buffer, data.byteOffset, data.byteLength),
    zeros(pad4(data.byteLength)),
  ];
}

/** A whole archive in memory: the entries in order, then the trailer. */
export function encodeCpioArchive(entries: Iterable<CpioEntry>): Buffer {
  const parts: Buffer[] = [];
  let ino = 1;
  for (const entry of entries) parts.push(...encodeCpioEntry(entry, ino++));
  parts.push(...encodeCpioEntry({ type: 'trailer' }, 0));
  return Buffer.concat(parts);
}

function archivePath(path: string): string {
  const p = path.replace(/^\/+/, '');
  if (p === '' || p.split('/').some((s) => s === '..' || s === '')) throw new Error(message.cpioPathUnclean(path));
  return p;
}

function hex8(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new Error(message.cpioFieldOverflow(n));
  return n.toString(16).padStart(8, '0');
}

function pad4(n: number): number {
  return (4 - (n % 4)) % 4;
}

function zeros(n: number): Buffer {
  return Buffer.alloc(n);
}
