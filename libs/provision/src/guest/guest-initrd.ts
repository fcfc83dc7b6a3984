import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Writes `out`: the image's initramfs followed by `extraCpio` (an uncompressed newc archive), and
 * returns `out`. Linux unpacks every archive of a concatenated initrd in turn, compressed or not,
 * but an uncompressed one must start 4-byte aligned (init/initramfs.c skips the zeros between):
 * so a guest gets per-boot files (the tree's tarball) without a rebuilt image.
 */
export async function appendToInitrd(initramfs: string, extraCpio: string, out: string): Promise<string> {
  const size = (await stat(initramfs)).size;
  async function* bytes(): AsyncGenerator<Buffer> {
    for await (const chunk of createReadStream(initramfs)) yield chunk as Buffer;
    yield Buffer.alloc((4 - (size % 4)) % 4);
    for await (const chunk of createReadStream(extraCpio)) yield chunk as Buffer;
  }
  await pipeline(Readable.from(bytes()), createWriteStream(out, { mode: 0o600 }));
  return out;
}
