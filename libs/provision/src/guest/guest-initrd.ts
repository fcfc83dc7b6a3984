import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Writes `out`: the image's initramfs followed by each of `extraCpios` (uncompressed newc
 * archives), and returns `out`. Linux unpacks every archive of a concatenated initrd in turn,
 * compressed or not, but an uncompressed one must start 4-byte aligned (init/initramfs.c skips
 * the zeros between): so a guest gets per-boot files (the tree's tarball, the developer loops'
 * kit) without a rebuilt image.
 */
export async function appendToInitrd(initramfs: string, extraCpios: readonly string[], out: string): Promise<string> {
  async function* bytes(): AsyncGenerator<Buffer> {
    for (const file of [initramfs, ...extraCpios]) {
      for await (const chunk of createReadStream(file)) yield chunk as Buffer;
      yield Buffer.alloc((4 - ((await stat(file)).size % 4)) % 4);
    }
  }
  await pipeline(Readable.from(bytes()), createWriteStream(out, { mode: 0o600 }));
  return out;
}
