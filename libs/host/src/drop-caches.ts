import { writeFile } from 'node:fs/promises';
import { execa } from 'execa';

/**
 * `sync`, then drop the page cache, dentries and inodes when we may (root). Returns whether the
 * caches were dropped, so a run can record that it was measured warm.
 */
export async function dropHostCaches(): Promise<boolean> {
  await execa('sync', [], { reject: false });
  if (process.getuid?.() !== 0) return false;
  try {
    await writeFile('/proc/sys/vm/drop_caches', '3');
    return true;
  } catch {
    return false;
  }
}
