import { parseArgs } from 'node:util';
import { InputError } from '@sharebench/core';
import { COMMANDS, GLOBAL_FLAGS } from './options.js';
import type { CliIo, CommandDef, FlagDef, ParsedArgs } from './types.js';

import { cliVersion } from './cli-package.js';
import { message } from './messages.js';

function helpFlags(flags: FlagDef[]): string {
  const all = [...flags, ...GLOBAL_FLAGS.filter((f) => f.name === 'help')];
  const left = all.map((f) => `  ${f.short ? `-${f.short}, ` : ''}--${f.name}${f.value ? ` ${f.value}` : ''}`);
  const width = Math.max(...left.map((l) => l.length)) + 2;
  return all.map((f, i) => `${left[i]!.padEnd(width)}${f.doc}`).join('\n');
}

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 4;
  return [
    `sharebench ${cliVersion()}: which way of sharing a host directory with a VM guest is fastest, and by how much`,
    '',
    'Usage: sharebench <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'Options:',
    helpFlags(GLOBAL_FLAGS.filter((f) => f.name !== 'help')),
    '  -h, --help    show help (sharebench <command> --help for a command)',
    '',
    'Exit codes: 0 ok, 1 some run failed (compare: a cell regressed; merge: a shard missing or failed), 2 usage or validation error, 130 interrupted.',
  ].join('\n');
}

function commandHelp(c: CommandDef): string {
  return [`sharebench ${c.name}: ${c.summary}`, '', `Usage: ${c.usage}`, '', 'Options:', helpFlags(c.flags)].join('\n');
}

function parseCommand(c: CommandDef, argv: string[]): ParsedArgs | 'help' {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }> = {};
  for (const f of [...c.flags, ...GLOBAL_FLAGS.filter((g) => g.name === 'help')]) {
    options[f.name] = { type: f.type, ...(f.multiple ? { multiple: true } : {}), ...(f.short ? { short: f.short } : {}) };
  }
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    const msg = (err as Error).message.replace(/\. To specify.*$/s, '').replace(/\.$/, '');
    throw new InputError(message.badCommandLine(c.name, msg));
  }
  if (parsed.values['help']) return 'help';
  const n = parsed.positionals.length;
  if (n < c.positionals.min || (c.positionals.max !== undefined && n > c.positionals.max)) {
    throw new InputError(message.wrongArgumentCount(c.name, c.positionals.min, c.positionals.max, n, c.usage));
  }
  return { positionals: parsed.positionals, flags: parsed.values as ParsedArgs['flags'] };
}

/**
 * Runs one sharebench command line (argv without node and the script) and resolves to its exit
 * code: 0 ok, 1 some run failed, 2 usage or validation error, 130 interrupted. It never rejects:
 * an error becomes one line on `io.stderr` (and its stack when SHAREBENCH_DEBUG is set).
 */
export async function main(argv: string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (err) {
    const e = err as { exitCode?: unknown; message?: string; stack?: string };
    const msg = (e?.message ?? String(err)).replace(/\s*\n\s*/g, ' ').trim();
    io.stderr.write(`${message.errorLine(msg)}\n`);
    if (process.env['SHAREBENCH_DEBUG'] && e?.stack) io.stderr.write(`${e.stack}\n`);
    return typeof e?.exitCode === 'number' ? e.exitCode : 1;
  }
}

async function dispatch(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(`${mainHelp()}\n`);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version') {
    io.stdout.write(`${cliVersion()}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) throw new InputError(message.unknownCommand(name, COMMANDS.map((c) => c.name)));
  const args = parseCommand(command, rest);
  if (args === 'help') {
    io.stdout.write(`${commandHelp(command)}\n`);
    return 0;
  }
  const mod = await command.load();
  return mod.run(args, io);
}
