import { InputError } from '@sharebench/core';
import {
  COMPARE_ALPHA,
  COMPARE_METRICS,
  compareToBaselines,
  GATING_VERDICTS,
  isCompareMetric,
  readTable,
  type CompareRow,
  type RunRow,
} from '@sharebench/analysis';
import type { CliIo, ParsedArgs } from '../types.js';
import { oneOf, str } from './flags.js';
import { message } from '../messages.js';

const FORMATS = ['table', 'markdown', 'json'] as const;
const DEFAULT_THRESHOLD = '5%';

/** "5%" -> 0.05; a fraction "0.05" is taken as it is. */
export function parseThreshold(text: string): number {
  const m = /^(\d+(?:\.\d+)?)%$/.exec(text.trim());
  const value = m ? Number(m[1]) / 100 : /^0?\.\d+$|^0$/.test(text.trim()) ? Number(text) : NaN;
  if (!(value >= 0 && value < 1)) {
    throw new InputError(message.notAThreshold(text));
  }
  return value;
}

/**
 * `sharebench compare BASELINE... CANDIDATE`: the regression gate. Several baselines (history, or
 * A/A runs of the same code) give each cell's run-to-run spread, which the intervals then hold;
 * one baseline cannot, and the output says so and what change it could detect. Exit 1 when a cell
 * regresses beyond the threshold or fails in the candidate only, 0 otherwise, 2 on bad input (a
 * missing dataset, an unknown metric, no cell in common).
 */
export async function run(args: ParsedArgs, io: CliIo): Promise<number> {
  const baselineHost = str(args, 'baseline-host');
  const candidateHost = str(args, 'candidate-host');
  const one = args.positionals.length === 1;
  if (one && (baselineHost === undefined || candidateHost === undefined)) {
    throw new InputError(message.compareOneDataset(args.positionals[0]!));
  }
  // One merged dataset: its baseline host against its candidate host.
  const baselineDirs = one ? args.positionals : args.positionals.slice(0, -1);
  const candidateDir = args.positionals.at(-1)!;
  const format = oneOf(args, 'format', FORMATS) ?? 'table';
  const metric = str(args, 'metric') ?? 'bw_bytes';
  if (!isCompareMetric(metric)) throw new InputError(message.notACompareMetric(metric, Object.keys(COMPARE_METRICS)));
  const thresholdText = str(args, 'threshold') ?? DEFAULT_THRESHOLD;
  const threshold = parseThreshold(thresholdText);
  const baselines = [];
  for (const dir of baselineDirs) baselines.push(onHost(await readTable(dir, 'runs'), baselineHost, dir, 'baseline-host'));
  const candidate = onHost(await readTable(candidateDir, 'runs'), candidateHost, candidateDir, 'candidate-host');
  const rows = compareToBaselines(
    baselines.map((b) => b.rows),
    candidate.rows,
    { metric, threshold },
  );
  const matched = rows.filter((r) => r.verdict !== 'only in baseline' && r.verdict !== 'only in candidate');
  const baselineNames = baselines.map((b) => b.name).join(', ');
  const candidateName = candidate.name;
  if (matched.length === 0) {
    throw new InputError(message.noCellInCommon(baselineNames, candidateName));
  }
  const gating = rows.filter((r) => GATING_VERDICTS.includes(r.verdict));
  const better = COMPARE_METRICS[metric] === 'higher' ? 'higher is better' : 'lower is better';
  const against = baselineDirs.length === 1 ? `baseline ${baselineNames}` : `${baselineDirs.length} baselines ${baselineNames}`;
  const summary =
    `${gating.length === 0 ? 'PASS' : 'FAIL'}: ${gating.length} of ${matched.length} matched cells regressed beyond ${formatPercent(threshold)} ` +
    `or failed (${metric}, ${better}; candidate ${candidateName} vs ${against})`;
  const notes = noiseNotes(matched, baselineDirs.length);
  if (format === 'json') {
    const out = {
      baselines: baselines.map((b) => b.name),
      candidate: candidateName,
      metric,
      threshold,
      pass: gating.length === 0,
      regressions: gating.length,
      run_to_run_known: baselineDirs.length > 1,
      familywise_alpha: COMPARE_ALPHA,
      cells_tested: matched.filter((r) => r.p_regression !== null).length,
      notes,
      cells: rows,
    };
    io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } else {
    io.stdout.write(format === 'markdown' ? markdown(summary, notes, rows, metric) : text(summary, notes, rows, metric));
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
      throw new InputError(message.severalHosts(dir, hosts.length, named, flag));
    }
    return { rows: runs, name: dir };
  }
  const rows = runs.filter((r) => r.host_id === host);
  if (rows.length === 0) throw new InputError(message.noRunsOfHost(flag, dir, host, named));
  return { rows, name: `${dir} on ${host}` };
}

/**
 * What the gate could see: with one baseline, that run-to-run noise is unknown; with several, how
 * large it is; either way, the smallest change the intervals would let it flag (median and largest
 * over the matched cells), and, with more than one cell tested, Holm's correction across them.
 */
export function noiseNotes(matched: readonly CompareRow[], baselines: number): string[] {
  const detectable = matched.map((r) => r.detectable_change).filter((x): x is number => x !== null);
  const smallest =
    detectable.length === 0
      ? message.noIntervals()
      : message.smallestFlaggable(formatPercent(median(detectable)), detectable.length, formatPercent(Math.max(...detectable)));
  const tested = matched.filter((r) => r.p_regression !== null).length;
  const familywise = tested > 1 ? [message.familywise(tested, formatPercent(COMPARE_ALPHA))] : [];
  if (baselines === 1) {
    return [message.noiseUnknown(smallest), ...familywise];
  }
  const spread = matched.map((r) => r.run_to_run_sd).filter((x): x is number => x !== null);
  const sd = spread.length === 0 ? '' : message.noiseSpread(formatPercent(median(spread)), formatPercent(Math.max(...spread)));
  return [message.noiseFromBaselines(baselines, sd, smallest), ...familywise];
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
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
  const mean = (x: number | null, n: number, k = 1) => `${num(x, r.metric)} (${n}${k > 1 ? ` in ${k}` : ''})`;
  const baseline = mean(r.baseline_mean, r.baseline_n, r.baselines);
  return [r.verdict, env, r.job, r.direction, baseline, mean(r.candidate_mean, r.candidate_n), ratio(r), ci(r), r.reason ?? ''];
}

// Regressions and failures first, then improvements, then the rest in dataset order.
const RANK: Record<string, number> = { regression: 0, failed: 0, improvement: 1 };
const ordered = (rows: readonly CompareRow[]) => [...rows].sort((a, b) => (RANK[a.verdict] ?? 2) - (RANK[b.verdict] ?? 2));

function text(summary: string, notes: readonly string[], rows: readonly CompareRow[], metric: string): string {
  const table = [header(metric), ...ordered(rows).map(cellsOf)];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [summary, ...notes, '', line(table[0]!), line(widths.map((w) => '-'.repeat(w))), ...table.slice(1).map(line)].join('\n') + '\n';
}

function markdown(summary: string, notes: readonly string[], rows: readonly CompareRow[], metric: string): string {
  const head = header(metric);
  const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const line = (r: string[]) => `| ${r.map(esc).join(' | ')} |`;
  return [`**${summary}**`, '', ...notes, '', line(head), `|${head.map(() => '---').join('|')}|`, ...ordered(rows).map(cellsOf).map(line)].join('\n') + '\n';
}
