/**
 * Errors that reach the user. Each says what was wrong, where (file, key, value) and what to do,
 * and carries the exit code the CLI uses. `cause` keeps the underlying error.
 */

export const ExitCode = {
  ok: 0,
  /** Some run row has status failed. */
  runsFailed: 1,
  usage: 2,
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export class SharebenchError extends Error {
  readonly exitCode: number;
  constructor(message: string, options: { exitCode?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SharebenchError';
    this.exitCode = options.exitCode ?? ExitCode.usage;
  }
}

/** Bad input given by the user: a file, a flag, a campaign key. Exit code 2. */
export class InputError extends SharebenchError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { ...options, exitCode: ExitCode.usage });
    this.name = 'InputError';
  }
}

/** A parse failure that names the source, the position and what was expected. */
export class ParseError extends InputError {
  readonly source: string;
  readonly line: number | undefined;
  readonly offset: number | undefined;
  constructor(
    source: string,
    position: { line?: number; offset?: number },
    what: string,
    options: { cause?: unknown } = {},
  ) {
    const at =
      position.line !== undefined ? `line ${position.line}` : position.offset !== undefined ? `byte ${position.offset}` : '';
    super(`${source}${at ? `:${at}` : ''}: ${what}`, options);
    this.name = 'ParseError';
    this.source = source;
    this.line = position.line;
    this.offset = position.offset;
  }
}

/**
 * Something odd a parser read past instead of refusing the file: a value fio printed that is not
 * a number (`-nan%`, `inf`), a name it had to restore, a direction it could not tell. Says where
 * (file, 1-based line, field), the value as printed, and what was done with it.
 */
export interface ParseWarning {
  file: string;
  line: number;
  /** The field as fio names it: `terse v3 field 100 (latency bucket %)`, `"mean"`, `jobname`. */
  field: string;
  /** The value as printed. */
  value: string;
  message: string;
}

/** One line for the terminal: errors are printed without stack unless SHAREBENCH_DEBUG is set. */
export function oneLine(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.replace(/\s*\n\s*/g, ' ').trim();
}
