import { readFile } from 'node:fs/promises';

/** Decodes the octal escapes /proc/mounts uses for spaces and tabs in paths (`\040`). */
const unescapeMount = (s: string) => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));

/** The /proc/mounts line of the filesystem that holds `path` (the longest mount point prefix). */
export async function mountOf(path: string): Promise<string> {
  const text = await readFile('/proc/mounts', 'utf8').catch(() => '');
  let best: { line: string; len: number } | null = null;
  for (const line of text.split('\n')) {
    const mp = line.split(' ')[1];
    if (!mp) continue;
    const point = unescapeMount(mp);
    const inside = point === '/' || path === point || path.startsWith(point.endsWith('/') ? point : `${point}/`);
    if (inside && (!best || point.length >= best.len)) best = { line, len: point.length };
  }
  return best?.line ?? 'unknown';
}
