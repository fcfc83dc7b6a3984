import { message } from './messages.js';

/** One shared object the dynamic loader resolved for a program. */
export interface LoadedObject {
  /** The name the program asked for (`libc.so.6`), or the path for the loader itself. */
  name: string;
  /** Where it was found on this host. */
  path: string;
}

/**
 * Parses the dynamic loader's `--list` output (the same text `ldd` prints): `name => path (addr)`
 * lines for libraries and `path (addr)` for the loader. The vDSO has no file and is skipped.
 * Throws when a library is `not found`: a guest without it could not start the program.
 */
export function parseLdd(output: string, program: string): LoadedObject[] {
  const objects: LoadedObject[] = [];
  for (const raw of output.split('\n')) {
    const line = raw.trim();
    if (line === '' || /^statically linked$/.test(line)) continue;
    const arrow = /^(\S+)\s+=>\s+(.*?)\s*(\(0x[0-9a-f]+\))?$/.exec(line);
    if (arrow) {
      const [, name, target] = arrow;
      if (target === 'not found') throw new Error(message.libraryNotFound(program, name!));
      if (target === '' || !target!.startsWith('/')) continue;
      objects.push({ name: name!, path: target! });
      continue;
    }
    const direct = /^(\/\S+)\s+\(0x[0-9a-f]+\)$/.exec(line);
    if (direct) objects.push({ name: direct[1]!, path: direct[1]! });
  }
  return objects;
}
