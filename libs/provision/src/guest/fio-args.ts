import { fioOptionOwner } from '@sharebench/core';
import { message } from '../messages.js';

/**
 * Why `args` cannot run as asked inside a guest, or null: an argument with a NUL byte cannot be in
 * an argv, the options the environment owns (--directory, --output-format, --output,
 * --create_only) are refused, and so is an absolute --filename, which would put fio's files
 * outside the shared directory (on the guest's RAM disk) without anyone noticing.
 */
export function fioArgsProblem(args: readonly string[]): string | null {
  for (const arg of args) {
    if (arg.includes('\0')) return message.fioArgNul(arg);
    const option = /^--?([A-Za-z0-9_-]+)(=(.*))?$/s.exec(arg);
    if (!option) continue;
    const name = option[1]!;
    // Options the environment sets itself: a request that sets them would measure something else.
    if (fioOptionOwner(arg) === 'environment') return message.fioArgOwned(arg, name);
    if (name === 'filename' && (option[3] ?? '').split(':').some((f) => f.startsWith('/'))) return message.fioArgAbsolute(arg);
  }
  return null;
}
