import { InputError } from '@sharebench/core';
import {
  COMPARE_METRICS,
  compareRuns,
  fromArrowIpc,
  GATING_VERDICTS,
  isCompareMetric,
  readTableBytes,
  type CompareRow,
  type RunRow,
} from '@sharebench/analysis';
import type { CliIo, ParsedArgs } from '../types.js';
import { oneOf, str } from './flags.js';

const FORMATS = ['table', 'markdown', 'json'] as const;
const DEFAULT_THRESHOLD = '5%';

/** "5%" -> 0.05; a fraction "0.05" is taken as it is. */
export function parseThreshold(text: string): number {
  const m = /^(\d+(?:\.\d+)?)%$/.exec(text.trim());
  const value = m ? Number(m[1]) / 100 : /^0?\.\d+$|^0$/.test(text.trim()) ? Number(text) : NaN;
  if (!(value >= 0 && value < 1)) {
    throw new InputError(`--threshold: ${JSON.stringify(text)} is not a change below 100%; write a percentage like 5% or a fraction like 0.05`);
  }
  return value;
}

/**
 * `sharebench compare BASELINE CANDIDATE`: the regression gate. Exit 1 when a cell regresses
 * beyond the threshold or fails in the candidate only, 0 otherwise, 2 on bad input (a missing
 * dataset, an unknown metric, no cell in common).
 */
export async function run(args: ParsedArgs, io: CliIo): Promise<number> {
  const [baselineDir, candidateDir = baselineDir] = args.positionals as [string, string?];
  const baselineHost = str(args, 'baseline-host');
  const candidateHost = str(args, 'candidate-host');
  if (args.positionals.length === 1 && (baselineHost === undefined || candidateHost === undefined)) {
    throw new InputError(
      `compare: one dataset given (${baselineDir}); compare two of its hosts with --baseline-host A --candidate-host B, ` +
        'or give a baseline and a candidate dataset',
    );
  }
  const format = oneOf(args, 'format', FORMATS) ?? 'table';
  const metric = str(args, 'metric') ?? 'bw_bytes';
  if (!isCompareMetric(metric)) throw new InputError(`--metric: ${JSON.stringify(metric)} is not one of ${Object.keys(COMPARE_METRICS).join(', ')}`);
  const thresholdText = str(args, 'threshold') ?? DEFAULT_THRESHOLD;
  const threshold = parseThreshold(thresholdText);
  const baselineRuns = fromArrowIpc<RunRow>(await readTableBytes(baselineDir, 'runs'));
  const candidateRuns = candidateDir === baselineDir ? baselineRuns : fromArrowIpc<RunRow>(await readTableBytes(candidateDir, 'runs'));
  const baseline = onHost(baselineRuns, baselineHost, baselineDir, 'baseline-host');
  const candidate = onHost(candidateRuns, candidateHost, candidateDir, 'candidate-host');
  const rows = compareRuns(baseline.rows, candidate.rows, { metric, threshold });
  const baselineName = baseline.name;
  const candidateName = candidate.name;
  const matched = rows.filter((r) => r.verdict !== 'only in baseline' && r.verdict !== 'only in candidate');
  if (matched.length === 0) {
    throw new InputError(`compare: ${baselineName} and ${candidateName} have no cell (env, job, direction) in common; compare datasets of the same campaign`);
  }
  const gating = rows.filter((r) => GATING_VERDICTS.includes(r.verdict));
  const better = COMPARE_METRICS[metric] === 'higher' ? 'higher is better' : 'lower is better';
  const summary =
    `${gating.length === 0 ? 'PASS' : 'FAIL'}: ${gating.length} of ${matched.length} matched cells regressed beyond ${formatPercent(threshold)} ` +
    `or failed (${metric}, ${better}; candidate ${candidateName} vs baseline ${baselineName})`;
  if (format === 'json') {
    const out = { baseline: baselineName, candidate: candidateName, metric, threshold, pass: gating.length === 0, regressions: gating.length, cells: rows };
    io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } else {
    io.stdout.write(format === 'markdown' ? markdown(summary, rows, metric) : text(summary, rows, metric));
  }
  return gating.length === 0 ? 0 : 1;
}

/**
 * One side's runs: of `host` when given (a merged dataset holds several machines' runs), else all
 * of them, which must then be of one machine: cells of two hosts are two cells, never one.
 */
function onHost(runs: RunRow[], host: string | undefined, dir: string, flag: string): { rows: RunRow[]; name: string } {
  const hosts = [...new Set(runs.map((r) => r.host_id ?? null))];
  const named = hosts.map((h) => h ?? '(not recorded)').join(', ');
  if (host === undefined) {
    if (hosts.length > 1) {
      throw new InputError(`compare: ${dir} holds runs of ${hosts.length} hosts (${named}); choose one with --${flag} HOST_ID`);
    }
    return { rows: runs, name: dir };
  }
  const rows = runs.filter((r) => r.host_id === host);
  if (rows.length === 0) throw new InputError(`--${flag}: ${dir} has no runs of host ${JSON.stringify(host)}; its hosts are ${named}`);
  return { rows, name: `${dir} on ${host}` };
}

const formatPercent = (x: number): string => `${Number((x * 100).toPrecision(3))}%`;
// The unit each metric is shown in.
const UNIT: Record<string, { name: string; scale: number }> = {
  bw_bytes: { name: 'MiB/s', scale: 2 ** 20 },
  iops: { name: 'IO/s', scale: 1 },
};
const NS = { name: 'µs', scale: 1e3 };
const unitOf = (metric: string) => UNIT[metric] ?? NS;
const num = (x: number | null, metric: string): string => {
  if (x === null) return '–';
  const v = x / unitOf(metric).scale;
  return Math.abs(v) >= 1000 ? v.toFixed(0) : v.toPrecision(3);
};
const ratio = (r: CompareRow): string => (r.ratio === null ? '–' : `${r.ratio.toPrecision(3)}×`);
const ci = (r: CompareRow): string =>
  r.ratio_ci95_lo === null || r.ratio_ci95_hi === null ? 'no CI' : `${r.ratio_ci95_lo.toPrecision(3)}–${r.ratio_ci95_hi.toPrecision(3)}`;

const header = (metric: string) => {
  const unit = unitOf(metric).name;
  return ['verdict', 'env', 'job', 'direction', `baseline ${unit} (n)`, `candidate ${unit} (n)`, 'ratio', '95% CI', 'note'];
};

function cellsOf(r: CompareRow): string[] {
  const env = r.hostname === null ? r.env : `${r.env} @ ${r.hostname}`;
  const mean = (x: number | null, n: number) => `${num(x, r.metric)} (${n})`;
  return [r.verdict, env, r.job, r.direction, mean(r.baseline_mean, r.baseline_n), mean(r.candidate_mean, r.candidate_n), ratio(r), ci(r), r.reason ?? ''];
}

// Regressions and failures first, then improvements, then the rest in dataset order.
const RANK: Record<string, number> = { regression: 0, failed: 0, improvement: 1 };
const ordered = (rows: readonly CompareRow[]) => [...rows].sort((a, b) => (RANK[a.verdict] ?? 2) - (RANK[b.verdict] ?? 2));

function text(summary: string, rows: readonly CompareRow[], metric: string): string {
  const table = [header(metric), ...ordered(rows).map(cellsOf)];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [summary, '', line(table[0]!), line(widths.map((w) => '-'.repeat(w))), ...table.slice(1).map(line)].join('\n') + '\n';
}

function markdown(summary: string, rows: readonly CompareRow[], metric: string): string {
  const head = header(metric);
  const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const line = (r: string[]) => `| ${r.map(esc).join(' | ')} |`;
  return [`**${summary}**`, '', line(head), `|${head.map(() => '---').join('|')}|`, ...ordered(rows).map(cellsOf).map(line)].join('\n') + '\n';
}
