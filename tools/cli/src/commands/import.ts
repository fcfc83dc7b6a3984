import { InputError, type ParseWarning } from '@sharebench/core';
import { importFiles, type ImportedFile, type ImportFormat } from '@sharebench/analysis';
import type { CliIo, ParsedArgs } from '../types.js';
import { list, required, str } from './flags.js';
import { tool } from './tool.js';
import { withDatasetLock } from './locks.js';
import { message } from '../messages.js';

const USAGE = 'sharebench import <files...> --out <dataset> [--format auto|json|terse|legacy] [--env NAME]';

export async function run(args: ParsedArgs, io: CliIo): Promise<number> {
  const out = required(args, 'out', USAGE);
  const pairs = (list(args, 'pair') ?? []).map((p) => {
    const m = /^([^:]+):([^:]+)$/.exec(p);
    if (!m) throw new InputError(message.notAPair(p));
    return { candidate: m[1]!, baseline: m[2]! };
  });
  const { tables, imported, files } = await withDatasetLock(out, `sharebench import ${args.positionals.join(' ')} --out ${out}`, io, () =>
    importFiles(args.positionals, {
      out,
      format: (str(args, 'format') ?? 'auto') as ImportFormat,
      env: str(args, 'env'),
      pairs,
      tool: tool(),
    }),
  );
  for (const f of files) io.stdout.write(`${fileLine(f)}\n`);
  const counts = `${tables.runs.length} run rows, ${tables.summary.length} summary cells, ${tables.speedups.length} speedups`;
  io.stdout.write(`imported ${imported.length} file(s) into ${out}: ${counts}\n`);
  return 0;
}

/** One line per input: format, fio version, env, run rows, and warnings (the first one spelled out). */
function fileLine(f: ImportedFile): string {
  if (f.skipped) return `${f.path}: already in the dataset as ${f.entry.file} (same bytes, env ${f.env}); skipped`;
  const rows = `${f.runs} run row${f.runs === 1 ? '' : 's'}`;
  return `${f.path}: ${f.format}, ${f.fio_version ?? 'fio version not given'}, env ${f.env}, ${rows}, ${warnings(f.warnings)}`;
}

function warnings(list: readonly ParseWarning[]): string {
  if (list.length === 0) return '0 warnings';
  const [first] = list;
  const more = list.length > 1 ? `; ${list.length - 1} more in context.json` : '';
  const plural = list.length === 1 ? '' : 's';
  return `${list.length} warning${plural} (line ${first!.line}, ${first!.field} ${JSON.stringify(first!.value)}: ${first!.message}${more})`;
}
