import { mkdir, readFile, readdir, realpath } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { InputError, assertSafeName } from '@sharebench/core';

/**
 * Resolves and creates the directory shared with a guest: `explicit` when given, else
 * `<scratchRoot>/<envName>`. The guest (and fio's layout) writes into it, so it must be a
 * dedicated directory: `/`, any home directory (those in /etc/passwd, /root, /home/*) and every
 * ancestor of one are refused with an InputError. Returns the real path.
 */
export async function prepareSharedDir(explicit: string | null, scratchRoot: string, envName: string): Promise<string> {
  const wanted = explicit ?? join(scratchRoot, assertSafeName(envName, 'environment name'));
  const absolute = resolve(wanted);
  const refusal = await refusedBecause(absolute);
  if (refusal) throw new InputError(refusal);
  await mkdir(absolute, { recursive: true });
  // Check again after symlinks are resolved: a link to /home is as bad as /home.
  const real = await realpath(absolute);
  const realRefusal = real === absolute ? null : await refusedBecause(real);
  if (realRefusal) throw new InputError(`${absolute} resolves to ${real}: ${realRefusal}`);
  return real;
}

/** Why `dir` (absolute) may not be shared, or null when it may. */
export async function refusedBecause(dir: string): Promise<string | null> {
  if (!isAbsolute(dir)) return `shared directory ${JSON.stringify(dir)} is not an absolute path`;
  if (dir === sep) return 'refusing to share / with a guest; give a dedicated directory such as /var/tmp/sharebench/<env>';
  if (dir === '/home') return 'refusing to share /home: it holds the home directories; give a dedicated directory instead';
  for (const home of await homeDirectories()) {
    if (dir === home) {
      return `refusing to share ${dir}: it is a home directory; give a dedicated directory inside it instead, e.g. ${join(home, 'sharebench-scratch')}`;
    }
    if (isAncestor(dir, home)) {
      return `refusing to share ${dir}: it contains the home directory ${home}; ` +
        `give a dedicated directory, e.g. ${join(dir, 'sharebench-scratch')} if that is on the disk you want`;
    }
  }
  return null;
}

function isAncestor(dir: string, of: string): boolean {
  const rel = relative(dir, of);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

async function homeDirectories(): Promise<string[]> {
  const homes = new Set<string>(['/root', homedir()]);
  const passwd = await readFile('/etc/passwd', 'utf8').catch(() => '');
  for (const line of passwd.split('\n')) {
    const home = line.split(':')[5];
    if (home && isAbsolute(home)) homes.add(resolve(home));
  }
  for (const entry of await readdir('/home').catch(() => [] as string[])) homes.add(join('/home', entry));
  // Homes reached through symlinks are compared by their real path too.
  for (const home of [...homes]) {
    const real = await realpath(home).catch(() => null);
    if (real) homes.add(real);
  }
  return [...homes];
}
