import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

/** The machine, for context.json: hostname, kernel, CPU, memory. */
export function hostProvenance(): Record<string, unknown> {
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

/** The project's version and git commit (null outside a git checkout). */
export function toolProvenance(version: string, cwd: string): { version: string; git_commit: string | null } {
  let commit: string | null = null;
  try {
    commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim() || null;
  } catch {
    commit = null;
  }
  return { version, git_commit: commit };
}
