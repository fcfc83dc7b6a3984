import { InputError } from '@sharebench/core';
import { importFiles, type ImportFormat } from '@sharebench/analysis';
import type { CliIo, ParsedArgs } from '../types.js';
import { list, required, str } from './flags.js';
import { tool } from './tool.js';
import { withDatasetLock } from './locks.js';

const USAGE = 'sharebench import <files...> --out <dataset> [--format auto|json|terse|legacy] [--env NAME]';

export async function run(args: ParsedArgs, io: CliIo): Promise<number> {
  const out = required(args, 'out', USAGE);
  const pairs = (list(args, 'pair') ?? []).map((p) => {
    const m = /^([^:]+):([^:]+)$/.exec(p);
    if (!m) throw new InputError(`--pair: ${JSON.stringify(p)} is not CANDIDATE:BASELINE, e.g. virtiofs:sshfs`);
    return { candidate: m[1]!, baseline: m[2]! };
  });
  const { tables, imported } = await withDatasetLock(out, `sharebench import ${args.positionals.join(' ')} --out ${out}`, io, () =>
    importFiles(args.positionals, {
      out,
      format: (str(args, 'format') ?? 'auto') as ImportFormat,
      env: str(args, 'env'),
      pairs,
      tool: tool(),
    }),
  );
  io.stdout.write(
    `imported ${imported.length} file(s) into ${out}: ${tables.runs.length} run rows, ${tables.summary.length} summary cells, ${tables.speedups.length} speedups\n`,
  );
  return 0;
}
