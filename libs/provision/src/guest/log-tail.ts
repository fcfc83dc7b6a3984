import { open, stat } from 'node:fs/promises';

/** Size of `path` in bytes, 0 when it does not exist yet: where this boot's part of an appended log starts. */
export async function logSize(path: string): Promise<number> {
  return stat(path).then((s) => s.size, () => 0);
}

/**
 * The last `lines` lines of `path` written after byte `fromOffset`, with terminal escape sequences
 * and other control characters (firmware likes to clear the screen) removed.
 */
export async function logTail(path: string, fromOffset = 0, lines = 40, maxBytes = 64 * 1024): Promise<string> {
  const handle = await open(path, 'r').catch(() => null);
  if (!handle) return '';
  try {
    const size = (await handle.stat()).size;
    const start = Math.max(fromOffset, size - maxBytes);
    const length = Math.max(0, size - start);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, start);
    const text = buffer
      .toString('utf8')
      .replace(/\x1b\[[0-9;?]*[A-Za-z]|\x1bc/g, '')
      .replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '');
    return text.split('\n').filter((l) => l.trim() !== '').slice(-lines).join('\n');
  } finally {
    await handle.close();
  }
}
