/**
 * Shapes shared by options.ts and the commands, kept apart so that no command imports options.ts,
 * which loads the commands.
 */

export interface FlagDef {
  name: string;
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
  /** Placeholder shown in help, e.g. DIR. */
  value?: string;
  doc: string;
}

export interface ParsedArgs {
  positionals: string[];
  flags: Record<string, string | boolean | string[] | undefined>;
}

export interface CommandDef {
  name: string;
  summary: string;
  usage: string;
  /** Minimum and maximum positional arguments (max undefined: unbounded). */
  positionals: { min: number; max?: number };
  flags: FlagDef[];
  load(): Promise<{ run(args: ParsedArgs, io: CliIo): Promise<number> }>;
}

/**
 * Where a command line's output goes: the process's streams, or a test's. `run`'s live progress
 * and signal notices, and the apt-get that `doctor --fix` starts, use the process's own.
 */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}
