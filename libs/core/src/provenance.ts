import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import os from 'node:os';
import type { HostInfo } from './dataset-context.js';

/** The machine, for context.json: hostname, kernel, CPU, memory. */
export function hostProvenance(): HostInfo {
  const cpus = os.cpus();
  return {
    hostname: os.hostname(),
    kernel: os.release(),
    os: readOsRelease(),
    arch: os.arch(),
    cpus: cpus.length,
    cpu_model: cpus[0]?.model ?? null,
    memory_bytes: os.totalmem(),
    node: process.version,
  };
}

function readOsRelease(): string | null {
  try {
    return /^PRETTY_NAME="?([^"\n]*)"?/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? null;
  } catch {
    return null;
  }
}

/**
 * The project's version and git commit (null outside a git checkout). Reads .git directly: a
 * `git` child process would cost more than the rest of a small import.
 */
export function toolProvenance(version: string, cwd: string): { version: string; git_commit: string | null } {
  return { version, git_commit: gitCommit(cwd) };
}

function gitCommit(start: string): string | null {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    const git = join(dir, '.git');
    if (existsSync(git)) {
      try {
        const head = readFileSync(join(git, 'HEAD'), 'utf8').trim();
        const ref = /^ref: (.+)$/.exec(head)?.[1];
        if (!ref) return /^[0-9a-f]{40}$/.test(head) ? head : null;
        const loose = join(git, ref);
        if (existsSync(loose)) return readFileSync(loose, 'utf8').trim();
        const packed = readFileSync(join(git, 'packed-refs'), 'utf8');
        return new RegExp(`^([0-9a-f]{40}) ${ref.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm').exec(packed)?.[1] ?? null;
      } catch {
        return null;
      }
    }
    if (dirname(dir) === dir) return null;
  }
}
