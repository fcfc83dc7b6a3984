import { createHash } from 'node:crypto';
import { access, constants, mkdir, readFile, rename, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { ExitCode, SharebenchError, oneLine, tempSibling } from '@sharebench/core';
import { readElf } from '@sharebench/guest-image';
import { message } from '../messages.js';

/** How the probe is compiled: one static program, so a guest carries it without a library closure. */
export const PROBE_CFLAGS = ['-static', '-O2', '-Wall', '-Wextra', '-Werror'] as const;

const PACKAGE = '@sharebench/provision';

/**
 * probe/semantics-probe.c of this package, found from wherever this code runs: src/ or dist/
 * under libs/provision (walking up to its package.json), or a bundle elsewhere (through the
 * workspace's node_modules link).
 */
export function probeSourcePath(): string {
  const root = packageRootAbove(dirname(fileURLToPath(import.meta.url)))
    // Its package.json "exports" hides package.json itself: resolve the entry point and walk up from there.
    ?? packageRootAbove(dirname(createRequire(import.meta.url).resolve(PACKAGE)));
  if (!root) throw new SharebenchError(message.probePackageNotFound(PACKAGE));
  return join(root, 'probe', 'semantics-probe.c');
}

function packageRootAbove(start: string): string | null {
  for (let dir = start; dirname(dir) !== dir; dir = dirname(dir)) {
    try {
      if ((JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string }).name === PACKAGE) return dir;
    } catch {
      // no package.json here: keep walking up
    }
  }
  return null;
}

export interface ProbeBinary {
  /** The static program: `<cacheDir>/probe/<digest>/semantics-probe`. */
  path: string;
  /** sha256 of the source, the compiler's version and target, and the flags. */
  digest: string;
  /** The compiler's first `--version` line. */
  compiler: string;
  /** False when an earlier build was reused. */
  built: boolean;
}

export interface BuildProbeOptions {
  /** The C compiler (default `cc`). */
  cc?: string;
  /** The probe's source (default probeSourcePath()). */
  sourcePath?: string;
}

/**
 * Compiles the semantics probe with the host's C compiler into
 * `<cacheDir>/probe/<digest>/semantics-probe`, or reuses the one there: the digest covers the
 * source, the compiler's version and target, and PROBE_CFLAGS. The program is written under a
 * temporary name and renamed into place once it is known to be static and to answer `--list`, so
 * a reader never finds half a binary. Throws a SharebenchError with the compiler's argv and
 * output when it fails, saying which Debian packages provide a static C toolchain.
 */
export async function buildProbe(cacheDir: string, options: BuildProbeOptions = {}): Promise<ProbeBinary> {
  const cc = options.cc ?? 'cc';
  const sourcePath = options.sourcePath ?? probeSourcePath();
  const source = await readFile(sourcePath);
  const version = await execa(cc, ['--version'], { reject: false });
  if (version.failed && (version.code === 'ENOENT' || version.exitCode === undefined)) {
    throw new SharebenchError(
      message.noCCompiler(cc, oneLine(version.shortMessage)),
      { exitCode: ExitCode.runsFailed },
    );
  }
  const compiler = version.stdout.split('\n')[0]?.trim() ?? '';
  const target = (await execa(cc, ['-dumpmachine'], { reject: false })).stdout.trim();
  const digest = createHash('sha256')
    .update(source)
    .update('\0')
    .update(version.stdout)
    .update('\0')
    .update(target)
    .update('\0')
    .update(PROBE_CFLAGS.join(' '))
    .digest('hex');
  const path = join(cacheDir, 'probe', digest, 'semantics-probe');
  if (await access(path, constants.X_OK).then(() => true, () => false)) return { path, digest, compiler, built: false };

  await mkdir(dirname(path), { recursive: true });
  const tmp = tempSibling(path);
  const argv = [cc, ...PROBE_CFLAGS, '-o', tmp, sourcePath];
  try {
    const r = await execa(argv[0]!, argv.slice(1), { reject: false, all: true });
    if (r.exitCode !== 0) {
      const output = (r.all ?? '').trim();
      const noStaticLibc = /cannot find -lc\b|libc\.a/.test(output);
      throw new SharebenchError(
        message.probeBuildFailed(argv, r.exitCode ?? r.signal, output.split('\n').slice(-6).join(' / '), noStaticLibc),
        { exitCode: ExitCode.runsFailed },
      );
    }
    const elf = readElf(await readFile(tmp), tmp);
    if (elf.interpreter !== null) {
      const what = message.probeNotStatic(argv, elf.interpreter);
      throw new SharebenchError(what, { exitCode: ExitCode.runsFailed });
    }
    const list = await execa(tmp, ['--list'], { reject: false });
    if (list.exitCode !== 0) {
      const what = message.probeDoesNotRun(argv, oneLine(list.shortMessage));
      throw new SharebenchError(what, { exitCode: ExitCode.runsFailed });
    }
    await rename(tmp, path);
  } finally {
    await rm(tmp, { force: true });
  }
  return { path, digest, compiler, built: true };
}
