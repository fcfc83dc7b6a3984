import { join, resolve } from 'node:path';
import { access } from 'node:fs/promises';
import { readContext, readTable } from '@sharebench/analysis';
import { writeReport, type ReportDataset } from '@sharebench/report';
import type { CliIo, ParsedArgs } from '../types.js';
import { required } from './flags.js';

const USAGE = 'sharebench report <dataset>... --out <folder>';

/** Loads a dataset's context and its tables, as the report needs them (a dataset analyzed before the semantics table has none). */
export async function loadReportDataset(dir: string): Promise<ReportDataset> {
  const context = await readContext(dir);
  return {
    name: context.campaign,
    context,
    runs: await readTable(dir, 'runs'),
    summary: await readTable(dir, 'summary'),
    speedups: await readTable(dir, 'speedups'),
    semantics: (await access(join(dir, 'results', 'semantics.arrow')).then(() => true, () => false)) ? await readTable(dir, 'semantics') : [],
  };
}

export async function run(args: ParsedArgs, io: CliIo): Promise<number> {
  const out = required(args, 'out', USAGE);
  const datasets: ReportDataset[] = [];
  for (const dir of args.positionals) datasets.push(await loadReportDataset(dir));
  await writeReport(datasets, out);
  io.stdout.write(`report: ${join(resolve(out), 'index.html')} and ${join(resolve(out), 'report.txt')}\n`);
  return 0;
}
