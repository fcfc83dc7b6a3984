import { fioOptionOwner } from '@sharebench/core';

/**
 * Why `args` cannot run as asked inside a guest, or null: an argument with a NUL byte cannot be in
 * an argv, the options the environment owns (--directory, --output-format, --output,
 * --create_only) are refused, and so is an absolute --filename, which would put fio's files
 * outside the shared directory (on the guest's RAM disk) without anyone noticing.
 */
export function fioArgsProblem(args: readonly string[]): string | null {
  for (const arg of args) {
    if (arg.includes('\0')) return `fio argument ${JSON.stringify(arg)} contains a NUL byte`;
    const option = /^--?([A-Za-z0-9_-]+)(=(.*))?$/s.exec(arg);
    if (!option) continue;
    const name = option[1]!;
    // Options the environment sets itself: a request that sets them would measure something else.
    if (fioOptionOwner(arg) === 'environment') return `fio argument ${JSON.stringify(arg)} sets --${name}, which the environment controls; leave it out`;
    if (name === 'filename' && (option[3] ?? '').split(':').some((f) => f.startsWith('/'))) {
      return `fio argument ${JSON.stringify(arg)} names an absolute path, which is outside the shared directory; use a relative name or --filename_format`;
    }
  }
  return null;
}
