import { InputError, safeNameProblem } from '@sharebench/core';
import type { EnvSpec } from './spec.js';
import { message } from './messages.js';

/** One thing wrong with an env spec: the campaign key it comes from, and what to do. */
export interface SpecProblem {
  key: 'name' | 'tag' | 'vcpus' | 'memory' | 'msize' | 'thread_pool_size';
  problem: string;
}

const MiB = 1024 * 1024;
const MAX_VCPUS = 256;
// virtio-fs device config space holds the tag in 36 bytes (virtio spec 5.11.4).
const VIRTIOFS_TAG_MAX_BYTES = 36;
// 9p carries the mount tag as a 16-bit length-prefixed string; this stays well inside what QEMU takes.
const NINEP_TAG_MAX_BYTES = 255;
// virtio's 9p transport caps msize at 512000; the guest clamps larger values with a warning.
const NINEP_MSIZE_MIN = 4096;
const NINEP_MSIZE_MAX = 64 * MiB;

/**
 * Why `tag` cannot be a mount tag for `kind`, or null: 1..36 bytes for virtio-fs, 1..255 for 9p,
 * printable characters other than space (the guest matches it against /proc/mounts).
 */
export function mountTagProblem(tag: string, kind: 'virtiofs' | '9p'): string | null {
  const max = kind === 'virtiofs' ? VIRTIOFS_TAG_MAX_BYTES : NINEP_TAG_MAX_BYTES;
  const bytes = Buffer.byteLength(tag, 'utf8');
  if (bytes === 0) return message.tagEmpty(kind);
  if (bytes > max) return message.tagTooLong(kind, tag, bytes, max);
  if (/[\s\p{Cc}]/u.test(tag)) return message.tagBadCharacter(kind, tag);
  return null;
}

/**
 * Everything wrong with a normalized env spec that no machine could run, in campaign-key order:
 * the one rule set behind the campaign reader's errors and the environments' refusals.
 */
export function envSpecProblems(spec: EnvSpec): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const name = safeNameProblem(spec.name);
  if (name) problems.push({ key: 'name', problem: name });
  if (spec.kind === 'host') return problems;
  const tag = mountTagProblem(spec.tag, spec.kind);
  if (tag) problems.push({ key: 'tag', problem: tag });
  if (!Number.isInteger(spec.vcpus) || spec.vcpus < 1 || spec.vcpus > MAX_VCPUS) {
    problems.push({ key: 'vcpus', problem: message.vcpusOutOfRange(spec.vcpus, MAX_VCPUS) });
  }
  if (spec.memoryBytes % MiB !== 0) problems.push({ key: 'memory', problem: message.memoryNotMiB(spec.memoryBytes) });
  else if (spec.memoryBytes < 256 * MiB) {
    problems.push({ key: 'memory', problem: message.memoryTooSmall(spec.memoryBytes / MiB) });
  }
  if (spec.kind === '9p' && (!Number.isInteger(spec.msize) || spec.msize < NINEP_MSIZE_MIN || spec.msize > NINEP_MSIZE_MAX)) {
    problems.push({ key: 'msize', problem: message.msizeOutOfRange(spec.msize, NINEP_MSIZE_MIN, NINEP_MSIZE_MAX) });
  }
  if (spec.kind === 'virtiofs' && spec.threadPoolSize !== null && (!Number.isInteger(spec.threadPoolSize) || spec.threadPoolSize < 0)) {
    problems.push({ key: 'thread_pool_size', problem: message.threadPoolNegative(spec.threadPoolSize) });
  }
  return problems;
}

/** Throws an InputError naming the env for the first thing wrong with `spec` (see envSpecProblems). */
export function assertEnvSpec(spec: EnvSpec): void {
  const first = envSpecProblems(spec)[0];
  if (first) throw new InputError(message.specProblem(first.key === 'name' ? 'environment name' : spec.name, first.problem));
}
