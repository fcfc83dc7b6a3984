import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The file sharebench leaves in a directory it shares, the first time it uses it: the directory is
 * sharebench's from then on, and a later campaign may use it although it is not empty. Its name
 * matches none of sharebench's test files (fio's `sharebench.<job>.<file>`, workdirs, the tree),
 * so cleaning never removes it and nothing measured sees it.
 */
export const SHARE_MARKER = '.sharebench-share';

/** What the marker holds (JSON). */
export interface ShareMarker {
  sharebench_share: 1;
  /** The dataset whose campaign first used the directory. */
  dataset: string;
  campaign: string;
  /** When, ISO 8601. */
  created_at: string;
}

/** Whether `text` is a marker sharebench wrote. */
export function isShareMarker(text: string): boolean {
  try {
    const m = JSON.parse(text) as Partial<ShareMarker> | null;
    return m?.sharebench_share === 1 && typeof m.dataset === 'string' && typeof m.created_at === 'string';
  } catch {
    return false;
  }
}

/** Reads `<dir>/.sharebench-share`: its verdict, or `absent`. */
export async function readShareMarker(dir: string): Promise<'absent' | 'valid' | 'foreign'> {
  let text: string;
  try {
    text = await readFile(join(dir, SHARE_MARKER), 'utf8');
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'absent' : 'foreign';
  }
  return isShareMarker(text) ? 'valid' : 'foreign';
}

/**
 * Makes `dir` (a share that passed shareDirProblem) and leaves the marker in it, unless one is
 * there: the first campaign to use a directory is the one it names. Returns the marker in place.
 */
export async function markShareDir(dir: string, owner: { dataset: string; campaign: string }): Promise<ShareMarker> {
  await mkdir(dir, { recursive: true });
  const marker: ShareMarker = { sharebench_share: 1, dataset: owner.dataset, campaign: owner.campaign, created_at: new Date().toISOString() };
  try {
    // `wx`: never over an existing marker, even one written a moment ago by another sharebench.
    await writeFile(join(dir, SHARE_MARKER), `${JSON.stringify(marker, null, 2)}\n`, { flag: 'wx' });
    return marker;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return JSON.parse(await readFile(join(dir, SHARE_MARKER), 'utf8')) as ShareMarker;
  }
}
