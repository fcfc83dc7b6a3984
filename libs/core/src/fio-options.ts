/**
 * fio options sharebench sets itself, and who sets them: the environment (where fio runs and how
 * it reports) or the plan (which job, on which files). A campaign's `extra` options may set
 * neither; a run request may not set the environment's.
 */
export const OWNED_FIO_OPTIONS: Readonly<Record<string, 'environment' | 'plan'>> = {
  directory: 'environment',
  output: 'environment',
  'output-format': 'environment',
  create_only: 'environment',
  name: 'plan',
  filename: 'plan',
  filename_format: 'plan',
  client: 'plan',
  server: 'plan',
  exec_prerun: 'plan',
  exec_postrun: 'plan',
};

/** The option an argv word sets (`--bs=4k` -> `bs`), or null for a word that is no option. */
export function fioOptionName(arg: string): string | null {
  return /^--?([A-Za-z0-9_-]+)(=|$)/.exec(arg)?.[1] ?? null;
}

/** Who owns the option `arg` sets ('environment' | 'plan'), or null when sharebench leaves it to the user. */
export function fioOptionOwner(arg: string): 'environment' | 'plan' | null {
  const name = fioOptionName(arg);
  return name === null ? null : (OWNED_FIO_OPTIONS[name] ?? null);
}
