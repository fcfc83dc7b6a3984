import { readFile, readdir, realpath } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';

/**
 * The home directories of this host: /root, the current user's, every one in /etc/passwd and every
 * /home/<x>; those reached through symlinks also by their real path.
 */
export async function homeDirectories(): Promise<string[]> {
  const homes = new Set<string>(['/root', homedir()]);
  const passwd = await readFile('/etc/passwd', 'utf8').catch(() => '');
  for (const line of passwd.split('\n')) {
    const home = line.split(':')[5];
    if (home && isAbsolute(home)) homes.add(resolve(home));
  }
  for (const entry of await readdir('/home').catch(() => [] as string[])) homes.add(join('/home', entry));
  for (const home of [...homes]) {
    const real = await realpath(home).catch(() => null);
    if (real) homes.add(real);
  }
  // `/` as a home (some service accounts) would make every path its descendant: the root is refused on its own.
  homes.delete('/');
  return [...homes];
}

/** How `dir` (absolute, normalized) meets a home directory: is one, or holds one; null when neither. */
export function homeClash(dir: string, homes: readonly string[]): { home: string; relation: 'is' | 'holds' } | null {
  for (const home of homes) {
    if (dir === home) return { home, relation: 'is' };
  }
  for (const home of homes) {
    const rel = relative(dir, home);
    if (rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)) return { home, relation: 'holds' };
  }
  return null;
}
