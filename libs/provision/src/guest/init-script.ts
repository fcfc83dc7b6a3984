import { packageFile } from '../package-file.js';
import { readFileSync } from 'node:fs';
import { CHANNEL_PORT_NAME, GUEST_MOUNT } from './contract.js';
import { TREE_DIR, TREE_MARK } from '../tree/tree-layout.js';
import { GUEST_TREE_TAR } from '../tree/tree-tarball.js';
import { DEVLOOP_DIR, GUEST_DEVLOOP_KIT } from '../devloop/devloop-kit.js';
import { GUEST_PROBE, SQLITE_WAL_DB } from '../semantics/semantics-run.js';

/** The constants init.sh names as `@NAME@`, written in when the image is built. */
export const INIT_CONSTANTS: Readonly<Record<string, string>> = {
  GUEST_MOUNT,
  CHANNEL_PORT_NAME,
  TREE_TAR: GUEST_TREE_TAR,
  TREE_DIR,
  TREE_MARK,
  DEVLOOP_KIT: GUEST_DEVLOOP_KIT,
  DEVLOOP_DIR,
  PROBE: GUEST_PROBE,
  SQLITE_WAL_DB,
};

// A constant goes into the script as a bare shell word: nothing a shell would expand or split.
const SHELL_WORD = /^[A-Za-z0-9_./-]+$/;

/**
 * `template` with every `@NAME@` replaced by its constant. Throws when the text names a constant
 * that is not given, when a given one is never used, or when a value is not a plain shell word.
 */
export function substituteConstants(template: string, constants: Readonly<Record<string, string>>): string {
  const used = new Set<string>();
  const text = template.replace(/@([A-Z][A-Z0-9_]*)@/g, (_, name: string) => {
    const value = constants[name];
    if (value === undefined) throw new Error(`init script: @${name}@ is not a known constant (known: ${Object.keys(constants).join(', ')})`);
    if (!SHELL_WORD.test(value)) throw new Error(`init script: @${name}@ = ${JSON.stringify(value)} is not a plain shell word`);
    used.add(name);
    return value;
  });
  const unused = Object.keys(constants).filter((name) => !used.has(name));
  if (unused.length > 0) throw new Error(`init script: constant(s) ${unused.join(', ')} never used; remove them or use them as @NAME@`);
  return text;
}

/** Where init.sh is, from src/, dist/ or a bundle alike (the package exports it). */
export function initScriptPath(): string {
  return packageFile('init.sh');
}

let rendered: string | null = null;

/** The guest's /init: init.sh with its constants written in (read once). */
export function initScript(): string {
  rendered ??= substituteConstants(readFileSync(initScriptPath(), 'utf8'), INIT_CONSTANTS);
  return rendered;
}
