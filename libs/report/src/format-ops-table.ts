import { isReason, REASON_WORDS, type SpeedupRow, type SummaryRow } from '@sharebench/analysis';
import { DEVLOOP_FAMILY, isSmallFilesRow, OPS_FAMILIES } from './model/families.js';
import { formatIn, formatNumber, unitFor } from './model/format.js';
import { buildSeries } from './model/series.js';
import type { ReportDataset } from './types.js';

const WIDTHS = [24, 18, 12, 24, 12, 24, 6] as const;
const PAIR_WIDTHS = [18, 24, 24, 9, 10, 30, 4] as const;
/** Beside a figure whose timed part was under 100 ticks of its clock. */
const BELOW_RESOLUTION_MARK = '!';

/**
 * report.txt's table of the metadata and tree jobs (after the seed's table, which they are not
 * in): per job, one line per configuration with the mean operations per second over the ok
 * repeats, its 95% CI, the mean time of the operation, fio's per-operation latency p50/p99
 * (metadata jobs) and ok/all repeats; then every pair's ratio of means with its 95% CI.
 * Empty when no dataset has such rows.
 */
export function formatOpsTable(
  datasets: readonly ReportDataset[],
  options: { rows?: (r: { direction: string; workload: string }) => boolean; title?: string } = {},
): string {
  const include = options.rows ?? isSmallFilesRow;
  const series = buildSeries(datasets).list;
  const summaryOf = new Map(datasets.map((d) => [d.name, d.summary.filter(include)]));
  const rows = [...summaryOf.values()].flat();
  if (rows.length === 0) return '';
  const jobs = [...new Set([...rows].sort((a, b) => rank(a.workload) - rank(b.workload) || a.numjobs - b.numjobs).map((r) => r.job))];
  const lines = [
    `${options.title ?? 'Small files and metadata'}: operations per second, mean of the ok repeats with its 95% confidence interval (Student t)`,
    ...(rows.some((r) => r.below_resolution === true)
      ? [`${BELOW_RESOLUTION_MARK} after ELAPSED: a repeat was timed for under 100 ticks of its clock (fio: 100 ms); the timer's rounding is in the figure`]
      : []),
    '',
    line(WIDTHS, 'NAME', 'JOB', 'OPS/S', '95% CI', 'ELAPSED', 'LATENCY P50 / P99', 'N'),
  ];
  for (const job of jobs) {
    let printed = false;
    for (const s of series) {
      const r = summaryOf.get(s.dataset)!.find((x) => x.env === s.env && x.hostname === s.hostname && x.job === job);
      if (!r) continue;
      lines.push(line(WIDTHS, s.label, job, ...opsCells(r)));
      printed = true;
    }
    if (printed) lines.push('');
  }
  const pairs = datasets.flatMap((d) => d.speedups.filter((p) => p.metric === 'ops_per_s' && include(p)).map((p) => ({ d, p })));
  if (pairs.length > 0) {
    lines.push(
      'Speedups in operations per second: candidate ÷ baseline, ratio of means with its 95% CI (* = the CI excludes 1)',
      '',
      line(PAIR_WIDTHS, 'JOB', 'CANDIDATE', 'BASELINE', 'FAMILY', 'RATIO', '95% CI', ''),
    );
    const label = (d: ReportDataset, env: string, host: string | null) =>
      series.find((s) => s.dataset === d.name && s.env === env && s.hostname === host)?.label ?? env;
    for (const job of jobs) {
      const of = pairs.filter(({ p }) => p.job === job);
      for (const { d, p } of of) {
        lines.push(line(PAIR_WIDTHS, job, label(d, p.candidate, p.hostname), label(d, p.baseline, p.hostname), p.family, ...ratioCells(p)));
      }
      if (of.length > 0) lines.push('');
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

function rank(workload: string): number {
  const all: readonly string[] = [...OPS_FAMILIES.flatMap((f) => f.workloads), ...DEVLOOP_FAMILY.workloads];
  const i = all.indexOf(workload);
  return i < 0 ? all.length : i;
}

function opsCells(r: SummaryRow): string[] {
  const n = `${r.n_ok}/${r.n}`;
  if (r.ops_per_s_mean === null) return [r.status, '–', '–', '–', n];
  const lo = r.ops_per_s_ci95_lo;
  const hi = r.ops_per_s_ci95_hi;
  const ci = lo === null || hi === null ? noCi(r.reason) : `${formatNumber(lo)} – ${formatNumber(hi)}`;
  const ms = r.elapsed_ms_mean;
  const mark = r.below_resolution === true ? ` ${BELOW_RESOLUTION_MARK}` : '';
  const elapsed = ms === null ? '–' : `${formatIn(unitFor('nanoseconds', ms * 1e6), ms * 1e6)}${mark}`;
  const ns = (v: number | null) => formatIn(unitFor('nanoseconds', v), v);
  const latency = r.clat_p50_ns_mean === null ? '–' : `${ns(r.clat_p50_ns_mean)} / ${ns(r.clat_p99_ns_mean)}`;
  return [formatNumber(r.ops_per_s_mean), ci, elapsed, latency, n];
}

function ratioCells(p: SpeedupRow): string[] {
  if (p.ratio === null) return ['n/a', p.reason ?? p.status, ''];
  const [lo, hi] = [p.ratio_ci95_lo, p.ratio_ci95_hi];
  const mark = p.below_resolution === true ? ` ${BELOW_RESOLUTION_MARK}` : '';
  const ci = lo === null || hi === null ? noCi(p.reason) : `${lo.toPrecision(3)} – ${hi.toPrecision(3)}${mark}`;
  return [`${p.ratio.toPrecision(3)}×`, ci, p.significant ? '*' : ''];
}

/** Why a figure has no interval, from its reason code. */
const noCi = (reason: string | null): string => `n/a (${reason !== null && isReason(reason) ? REASON_WORDS[reason] : 'n < 2'})`;

function line(widths: readonly number[], ...cols: string[]): string {
  return cols.map((c, i) => c.padEnd(widths[i]! - 1) + ' ').join('').trimEnd();
}
