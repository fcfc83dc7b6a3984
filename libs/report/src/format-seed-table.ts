import { jobName, SEED_IOENGINES, WORKLOADS, type Workload } from '@sharebench/core';
import type { RunRow } from '@sharebench/analysis';
import { buildSeries } from './model/series.js';
import { orderBy } from './model/order.js';
import type { ReportDataset } from './types.js';

/** The seed's columns: printf "%-24s%-24s%-16s%-16s\n". */
const WIDTHS = [24, 24, 16, 16] as const;

const DIRECTIONS: Readonly<Record<Workload, readonly string[]>> = {
  seqread: ['read'],
  randread: ['read'],
  seqwrite: ['write'],
  randwrite: ['write'],
  randrw: ['read', 'write'],
};

/** Above this mean the seed prints a value divided by 1024 with a suffix (KiB/s -> `mb`, IO/s -> `k`). */
const SCALE_ABOVE = 10240;

/**
 * The text table of the seed's parse-fio-results.sh (rhvgoyal/virtiofs-tests): for each seed job
 * (workloads seqread, randread, seqwrite, randwrite, randrw x ioengines psync, mmap, libaio and any
 * others found x single then `-multi`), one row per configuration in the order given with the mean
 * over repeats of bandwidth (KiB/s, `Nkb` or `N.Nmb`) and IOPS (`N` or `N.Nk`), `read/write` for
 * randrw, and a blank line after each job that printed a row. Means are the seed's: the integer
 * KiB/s and IOPS that fio's terse output printed for each repeat, summed, divided with truncation;
 * the mb/k values cut to one decimal.
 * A configuration with runs but no ok run prints `0kb` and `0`, as the seed did for the zeros fio
 * wrote on error ("0 KiB/s means not supported"); one with no runs for the job prints nothing.
 */
export function formatSeedTable(datasets: readonly ReportDataset[]): string {
  const series = buildSeries(datasets).list;
  const runsOf = new Map(datasets.map((d) => [d.name, d.runs]));
  const engines = orderBy(
    datasets.flatMap((d) => d.runs.map((r) => r.ioengine)),
    SEED_IOENGINES,
  );
  const lines = [row('NAME', 'WORKLOAD', 'Bandwidth', 'IOPS')];
  for (const workload of WORKLOADS) {
    for (const engine of engines) {
      for (const multi of [false, true]) {
        const job = jobName(workload, engine, multi);
        let printed = false;
        for (const s of series) {
          const runs = runsOf.get(s.dataset)!.filter((r) => r.env === s.env && r.hostname === s.hostname && r.job === job);
          if (runs.length === 0) continue;
          const cells = DIRECTIONS[workload].map((dir) => {
            const inDir = runs.filter((r) => r.direction === dir);
            return {
              bw: seedValue(inDir, (r) => (r.bw_bytes === null ? null : fioInteger(r.bw_bytes / 1024)), 'kb', 'mb'),
              iops: seedValue(inDir, (r) => (r.iops === null ? null : fioInteger(r.iops)), '', 'k'),
            };
          });
          if (cells.every((c) => c.bw === null)) continue;
          lines.push(row(s.label, job, cells.map((c) => c.bw ?? 'Unknown').join('/'), cells.map((c) => c.iops ?? 'Unknown').join('/')));
          printed = true;
        }
        if (printed) lines.push('');
      }
    }
  }
  return lines.join('\n') + '\n';
}

function row(...cols: string[]): string {
  return cols.map((c, i) => c.padEnd(WIDTHS[i]!)).join('');
}

// The seed's "Unknown" (null) when the direction has no rows; only ok runs count, and rows with
// no ok run print the zeros fio wrote on error.
function seedValue(rows: readonly RunRow[], value: (r: RunRow) => number | null, unit: string, scaledUnit: string): string | null {
  if (rows.length === 0) return null;
  const repeats = rows.map((r) => (r.status === 'ok' ? value(r) : null)).filter((v): v is number => v !== null && Number.isFinite(v));
  if (repeats.length === 0) return `0${unit}`;
  // The seed's printf "%.0f" leaves these integers unchanged.
  const total = repeats.reduce((sum, v) => sum + v, 0);
  const mean = Math.trunc(total / repeats.length);
  if (mean <= SCALE_ABOVE) return `${mean}${unit}`;
  // bc with scale=1: one decimal, cut toward zero.
  const tenths = Math.trunc((mean * 10) / 1024);
  return `${Math.trunc(tenths / 10)}.${tenths % 10}${scaledUnit}`;
}

// fio computes terse KiB/s (1000 * io_bytes / runtime_ms / 1024) and IOPS with integer arithmetic,
// so it truncates; rows keep the exact rate and the epsilon absorbs float error on exact integers.
function fioInteger(x: number): number {
  return Math.floor(x + 1e-9 * Math.max(1, Math.abs(x)));
}
