import { gunzipSync } from 'node:zlib';
import { execa } from 'execa';

/**
 * The uncompressed kernel ELF inside a bzImage, or null when it cannot be had here. QEMU boots an
 * ELF vmlinux through its PVH entry point directly, skipping the firmware's real-mode boot and the
 * kernel's self-decompression: under TCG that saves about a second per boot. xz payloads (what
 * Debian uses) are decompressed with the host's `xz`; gzip ones in-process.
 */
export async function extractVmlinux(bzImage: Buffer): Promise<Buffer | null> {
  const xzAt = bzImage.indexOf(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]));
  if (xzAt >= 0) {
    // The payload is followed by the bzImage trailer; --single-stream stops at the stream's end.
    const result = await execa('xz', ['--decompress', '--stdout', '--single-stream'], {
      input: bzImage.subarray(xzAt),
      encoding: 'buffer',
      reject: false,
      maxBuffer: 1024 * 1024 * 1024,
    }).catch(() => null);
    if (result && result.exitCode === 0 && isElf(result.stdout)) return Buffer.from(result.stdout);
    return null;
  }
  const gzAt = bzImage.indexOf(Buffer.from([0x1f, 0x8b, 0x08]));
  if (gzAt >= 0) {
    try {
      const out = gunzipSync(bzImage.subarray(gzAt));
      return isElf(out) ? out : null;
    } catch {
      return null;
    }
  }
  return null;
}

function isElf(bytes: Uint8Array): boolean {
  return bytes.length > 4 && bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46;
}
