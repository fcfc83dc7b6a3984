import { join, resolve } from 'node:path';
import { readContext, readTable } from '@sharebench/analysis';
import { writeReport, type ReportDataset } from '@sharebench/report';
import type { CliIo, ParsedArgs } from '../types.js';
import { required } from './flags.js';

const USAGE = 'sharebench report <dataset>... --out <folder>';

/** Loads a dataset's context and its three tables, as the report needs them. */
export async function loadReportDataset(dir: string): Promise<ReportDataset> {
  const context = await readContext(dir);
  return {
    name: context.campaign,
    context,
    runs: await readTable(dir, 'runs'),
    summary: await readTable(dir, 'summary'),
    speedups: await readTable(dir, 'speedups'),
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
