import { readFile, realpath } from 'node:fs/promises';
import { dirname } from 'node:path';
import { execa } from 'execa';
import { which } from '@sharebench/host';
import { readElf } from './elf.js';
import { parseLdd, type LoadedObject } from './ldd.js';
import { message } from './messages.js';

/**
 * Programs a guest carries beside fio when the host has them, for the developer loops: the
 * host's own Debian binaries with their whole library closure, so a guest and the host env run
 * the same code. (Each adds a few MB: git 3.7 MB with libpcre2, sqlite3 0.3 MB with libsqlite3.)
 */
export const GUEST_TOOLS = ['git', 'sqlite3'] as const;
export type GuestTool = (typeof GUEST_TOOLS)[number];

/** The Debian package each tool comes from. */
export const TOOL_PACKAGES: Readonly<Record<GuestTool, string>> = { git: 'git', sqlite3: 'sqlite3' };

/** What `<tool> --version` prints first on a tool that works: the check the image build makes. */
const VERSION_LINE: Readonly<Record<GuestTool, RegExp>> = { git: /^git version \d/, sqlite3: /^3\.\d+\.\d+ / };

/** A tool found on this host: the binary (resolved) and what the loader loads for it. */
export interface HostTool {
  name: GuestTool;
  path: string;
  interpreter: string | null;
  libraries: LoadedObject[];
}

/** A tool as the image carries it, with the version its build saw. */
export interface ImageTool {
  name: GuestTool;
  path: string;
  /** The first line of `--version`, run through the image's own loader and libraries. */
  version: string;
}

/** The tool on this host's PATH with its library closure, or null when it is not installed. */
export async function findHostTool(name: GuestTool): Promise<HostTool | null> {
  const found = await which(name);
  if (!found) return null;
  const path = await realpath(found);
  const interpreter = readElf(await readFile(path), path).interpreter;
  return { name, path, interpreter, libraries: await programClosure(path, interpreter) };
}

/**
 * A program's shared libraries and its dynamic loader, found by running the loader named in its
 * PT_INTERP with `--list` (what ldd does, without ldd's shell script). Empty for a static program.
 */
export async function programClosure(program: string, interpreter: string | null): Promise<LoadedObject[]> {
  if (interpreter === null) return [];
  const listed = await execa(interpreter, ['--list', program], { reject: false });
  if (listed.exitCode !== 0) throw new Error(message.loaderListFailed(interpreter, program, listed.exitCode, listed.stderr.trim()));
  const objects = parseLdd(listed.stdout, program);
  if (!objects.some((o) => o.path === interpreter)) objects.push({ name: interpreter, path: interpreter });
  return objects;
}

/**
 * Runs `<tool> --version` through its loader with only the directories of the libraries the
 * image carries on the library path, as the guest will; returns the first line. Throws with the
 * argv and the output when it does not run or prints something else.
 */
export async function checkTool(tool: { name: GuestTool; path: string; interpreter: string | null }, libraries: readonly LoadedObject[]): Promise<string> {
  const libraryPath = [...new Set(libraries.map((l) => dirname(l.path)))].join(':');
  const argv = tool.interpreter === null ? [tool.path, '--version'] : [tool.interpreter, '--library-path', libraryPath, tool.path, '--version'];
  const [file, ...args] = argv as [string, ...string[]];
  const ran = await execa(file, args, { reject: false, timeout: 30_000, env: { LC_ALL: 'C' }, extendEnv: false });
  const line = ran.stdout.split('\n')[0]?.trim() ?? '';
  if (ran.exitCode !== 0 || !VERSION_LINE[tool.name].test(line)) {
    const said = (ran.stderr || ran.stdout || ran.shortMessage || '').trim().split('\n').slice(-1)[0];
    throw new Error(message.guestToolDoesNotRun(tool.name, argv, ran.exitCode, said));
  }
  return line;
}
