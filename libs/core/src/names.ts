import { InputError } from './errors.js';
import { message } from './messages.js';

/** A safe name is a file name on every system we care about and a harmless token elsewhere. */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function isSafeName(name: unknown): name is string {
  return typeof name === 'string' && SAFE_NAME.test(name) && !name.includes('..');
}

/**
 * Returns `name` if it is a safe file name (letters, digits, `.`, `_`, `-`, starting with a letter
 * or digit, at most 64 characters, no `..`); otherwise throws an InputError that says where it came from.
 */
export function assertSafeName(name: unknown, where: string): string {
  const problem = safeNameProblem(name);
  if (problem) throw new InputError(message.atWhere(where, problem));
  return name as string;
}

/** Why `name` is not a safe name, or null when it is one (see assertSafeName). */
export function safeNameProblem(name: unknown): string | null {
  if (isSafeName(name)) return null;
  return message.unsafeName(name);
}
