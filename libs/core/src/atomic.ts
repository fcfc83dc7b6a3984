import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname, basename, join } from 'node:path';

/** Path of a temporary sibling of `path`, on the same filesystem so that rename is atomic. */
export function tempSibling(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * Writes `data` to `path` atomically: a temporary sibling is written and renamed over the target,
 * so a reader (or an interrupted writer) never sees half a file.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = tempSibling(path);
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/**
 * Replaces directory `path` as one unit: `fill` writes the new content into a temporary sibling,
 * which is then swapped in by rename (the old one moved aside and removed), so a reader sees the
 * old directory or the new one, never a mix, and an interrupted writer leaves the old one intact.
 */
export async function replaceDirectory(path: string, fill: (dir: string) => Promise<void>): Promise<void> {
  const tmp = tempSibling(path);
  const old = `${tmp}.old`;
  await mkdir(tmp, { recursive: true });
  try {
    await fill(tmp);
    const hadOld = await rename(path, old).then(
      () => true,
      (err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return false;
        throw err;
      },
    );
    await rename(tmp, path);
    if (hadOld) await rm(old, { recursive: true, force: true });
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
}
