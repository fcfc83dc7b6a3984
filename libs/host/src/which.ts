import { access, constants } from 'node:fs/promises';
import { delimiter, isAbsolute, join } from 'node:path';

/** The first executable called `name` on PATH (or `name` itself when it is a path); null when none. */
export async function which(name: string, path = process.env['PATH'] ?? '/usr/bin:/bin'): Promise<string | null> {
  const candidates = isAbsolute(name) ? [name] : path.split(delimiter).filter(Boolean).map((dir) => join(dir, name));
  for (const candidate of candidates) {
    if (await access(candidate, constants.X_OK).then(() => true, () => false)) return candidate;
  }
  return null;
}
