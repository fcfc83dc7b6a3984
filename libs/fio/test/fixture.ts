import { readFileSync } from 'node:fs';

/** A fixture from the repository's fixtures/ directory, e.g. `fio-3.33/terse-v3.txt`. */
export function fixture(path: string): string {
  return readFileSync(new URL(`../../../fixtures/${path}`, import.meta.url), 'utf8');
}
