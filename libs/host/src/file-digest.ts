import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@sharebench/core';

type Digests = Record<string, { stamp: string; digest: string }>;
const memo: Digests = {};

/**
 * sha256 of each file's content, hex. A digest is reused while the file's device, inode, size,
 * mtime and ctime stay the same: in this process, and across processes through
 * `<cacheDir>/digests.json` when `cacheDir` is given (hashing fio's ~80 MB of libraries takes
 * seconds on a busy host).
 */
export async function fileDigests(paths: readonly string[], cacheDir: string | null): Promise<string[]> {
  const storePath = cacheDir === null ? null : join(cacheDir, 'digests.json');
  const stored: Digests = storePath ? await readFile(storePath, 'utf8').then((t) => JSON.parse(t) as Digests, () => ({})) : {};
  let changed = false;
  const out = await Promise.all(
    paths.map(async (path) => {
      const st = await stat(path);
      const stamp = `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
      const known = memo[path]?.stamp === stamp ? memo[path] : stored[path]?.stamp === stamp ? stored[path] : null;
      if (known) return known.digest;
      const digest = createHash('sha256').update(await readFile(path)).digest('hex');
      memo[path] = stored[path] = { stamp, digest };
      changed = true;
      return digest;
    }),
  );
  if (storePath && changed) await writeFileAtomic(storePath, JSON.stringify(stored));
  return out;
}
