import { lstat, readlink, realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { message } from '../messages.js';

// Linux gives up on a path after 40 symlinks (ELOOP); so do we.
const MAX_LINKS = 40;

/**
 * Where `path` leads, made absolute against the working directory, as the kernel would resolve it
 * once the missing parts are created: the real path of its longest existing prefix, with the rest
 * appended, so `<link to /etc>/new/sub` resolves to `/etc/new/sub`. A dangling symlink on the way
 * is followed to where it points (mkdir -p through it would create its target). Reads only.
 */
export async function resolveExisting(path: string): Promise<string> {
  let pending = resolve(path);
  for (let links = 0; links <= MAX_LINKS; links++) {
    let head = pending;
    const tail: string[] = [];
    for (;;) {
      const real = await realpath(head).catch(() => null);
      if (real !== null) return join(real, ...tail);
      const target = await readlink(head).catch(() => null);
      const isLink = target !== null && (await lstat(head).then((s) => s.isSymbolicLink(), () => false));
      if (isLink) {
        // A dangling link: go on from what it names, relative to the directory holding it.
        pending = join(isAbsolute(target) ? target : resolve(dirname(head), target), ...tail);
        break;
      }
      const parent = dirname(head);
      if (parent === head) return pending;
      tail.unshift(basename(head));
      head = parent;
    }
  }
  throw new Error(message.tooManySymlinks(path, MAX_LINKS));
}
