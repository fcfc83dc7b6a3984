import { InputError } from '@sharebench/core';
import { mountTagProblem } from '../spec-problems.js';
import { message } from '../messages.js';

/**
 * Escapes a value for a QEMU `-device`/`-object`/`-chardev` option list: QEMU splits on commas and
 * reads `,,` as a literal comma, so `path=/a,b` must be written `path=/a,,b`.
 */
export function qemuOptionValue(value: string): string {
  if (value.includes('\0')) throw new InputError(message.qemuOptionNul(value));
  return value.replaceAll(',', ',,');
}

/**
 * Escapes a value for virtiofsd's `-o name=value` list, which libfuse's option parser splits on
 * commas; it takes a backslash as the escape character.
 */
export function fuseOptionValue(value: string): string {
  if (value.includes('\0')) throw new InputError(message.virtiofsdOptionNul(value));
  return value.replaceAll('\\', '\\\\').replaceAll(',', '\\,');
}

/**
 * Encodes a value for the guest kernel command line as base64: the kernel splits its command line
 * on spaces and interprets double quotes, so no raw value may reach it.
 */
export function encodeCmdlineValue(value: string): string {
  return Buffer.from(value, 'utf8').toString('base64');
}

/** Reverses encodeCmdlineValue (what the guest init does with `base64 -d`). */
export function decodeCmdlineValue(encoded: string): string {
  return Buffer.from(encoded, 'base64').toString('utf8');
}

/** Returns `tag` when it can be a mount tag for `kind` (see mountTagProblem); throws an InputError otherwise. */
export function assertMountTag(tag: string, kind: 'virtiofs' | '9p'): string {
  const problem = mountTagProblem(tag, kind);
  if (problem) throw new InputError(problem);
  return tag;
}
