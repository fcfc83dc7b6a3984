import { OPS_DIRECTION, RunStatus, stackOf, stackOfRepeats, type StackInfo } from '@sharebench/core';
import type { RunRow, SummaryRow } from '../schema.js';
import { describeSamples, type SampleStats } from '../stats/describe-samples.js';
import { isReason, Reason } from '../reasons.js';
import { message } from '../messages.js';

/** A summary cell: one env x job x direction on one host (x client host, when fio ran client/server). */
export const CELL_KEYS = [
  'campaign', 'host_id', 'env', 'fs', 'cache', 'dax', 'numa', 'job', 'workload', 'ioengine', 'numjobs',
  'blocksize_bytes', 'iodepth', 'direction', 'hostname',
] as const;

const STATUS_PRIORITY = [RunStatus.unsupported, RunStatus.failed, RunStatus.interrupted] as const;

/**
 * Folds the repeats of each cell: counts, then mean/sd/cv/min/max/95% CI of bw_bytes, iops and
 * (metadata and tree jobs) ops_per_s over the ok repeats only, so a failed or unsupported repeat is never averaged in as 0. A cell with no
 * ok repeat keeps the runs' status and reason.
 */
export function summarize(runs: readonly RunRow[]): SummaryRow[] {
  // Plain grouping rather than an arquero rollup: it keeps arquero (about 0.2 s to load) off the
  // import and analyze path, whose whole-process budget is 0.5 s.
  const groups = new Map<string, RunRow[]>();
  for (const r of runs) {
    const key = CELL_KEYS.map((k) => String(r[k])).join('\u0000');
    const g = groups.get(key);
    if (g) g.push(r);
    else groups.set(key, [r]);
  }
  const out: SummaryRow[] = [];
  for (const rows of groups.values()) {
    const sorted = [...rows].sort((a, b) => a.repeat - b.repeat);
    const ok = sorted.filter((r) => r.status === RunStatus.ok);
    const values = (col: keyof RunRow) => ok.map((r) => r[col]).filter((v): v is number => typeof v === 'number');
    const first = sorted[0]!;
    out.push(
      toSummaryRow({
        ...(Object.fromEntries(CELL_KEYS.map((k) => [k, first[k]])) as Record<(typeof CELL_KEYS)[number], unknown>),
        n: sorted.length,
        notes: sorted.map((r) => `${r.status}\u0001${r.error ?? ''}`),
        bw: values('bw_bytes'),
        iops: values('iops'),
        lat: values('lat_mean_ns'),
        p50: values('clat_p50_ns'),
        p99: values('clat_p99_ns'),
        p999: values('clat_p999_ns'),
        ops: values('ops_per_s'),
        elapsed: values('elapsed_ms'),
        belowResolution: ok.map((r) => r.below_resolution),
        ...stackOfRepeats(sorted),
      }),
    );
  }
  return out;
}

interface Grouped extends Record<(typeof CELL_KEYS)[number], unknown>, StackInfo {
  n: number;
  notes: string[];
  bw: number[];
  iops: number[];
  lat: number[];
  p50: number[];
  p99: number[];
  p999: number[];
  ops: number[];
  elapsed: number[];
  belowResolution: (boolean | null)[];
}

function toSummaryRow(g: Grouped): SummaryRow {
  const outcomes = g.notes.map((note) => {
    const [status, error] = note.split('\u0001') as [string, string];
    return { status, error: error || null };
  });
  const nOk = outcomes.filter((o) => o.status === RunStatus.ok).length;
  const meanOf = (xs: number[]) => describeSamples(xs).mean;
  const bwSamples = g.bw;
  const iopsSamples = g.iops;
  // A zero-width interval is the timer's (every repeat the same whole millisecond), not a certainty: none is shown.
  const bw = withoutZeroWidth(describeSamples(bwSamples));
  const iops = withoutZeroWidth(describeSamples(iopsSamples));
  const ops = withoutZeroWidth(describeSamples(g.ops));
  const notOk = outcomes.filter((o) => o.status !== RunStatus.ok);
  const status = nOk > 0 ? RunStatus.ok : (STATUS_PRIORITY.find((s) => notOk.some((o) => o.status === s)) ?? notOk[0]?.status ?? RunStatus.failed);
  const firstReason = notOk.find((o) => o.error)?.error ?? notOk[0]?.status ?? null;
  const error = notOk.length === 0 ? null : message.runsNotOk(notOk.length, g.n, firstReason);
  const flags = g.belowResolution.filter((b): b is boolean => b !== null);
  const belowResolution = flags.length === 0 ? null : flags.some(Boolean);
  const primary = g.direction === OPS_DIRECTION ? ops : bw;
  const reason = summaryReason({ status, n: g.n, nOk, primary, belowResolution: belowResolution === true });
  return {
    campaign: g.campaign as string,
    host_id: (g.host_id as string | null | undefined) ?? null,
    env: g.env as string,
    fs: g.fs as string,
    cache: (g.cache as string | null) ?? null,
    dax: Boolean(g.dax),
    numa: (g.numa as number | null) ?? null,
    job: g.job as string,
    workload: g.workload as string,
    ioengine: g.ioengine as string,
    numjobs: g.numjobs as number,
    blocksize_bytes: (g.blocksize_bytes as number | null) ?? null,
    iodepth: (g.iodepth as number | null) ?? null,
    direction: g.direction as string,
    n: g.n,
    n_ok: nOk,
    status,
    error,
    reason,
    below_resolution: belowResolution,
    bw_bytes_mean: bw.mean,
    bw_bytes_sd: bw.sd,
    bw_bytes_cv: bw.cv,
    bw_bytes_min: bw.min,
    bw_bytes_max: bw.max,
    bw_bytes_ci95_lo: bw.ci95_lo,
    bw_bytes_ci95_hi: bw.ci95_hi,
    bw_bytes_samples: bwSamples,
    iops_mean: iops.mean,
    iops_sd: iops.sd,
    iops_cv: iops.cv,
    iops_min: iops.min,
    iops_max: iops.max,
    iops_ci95_lo: iops.ci95_lo,
    iops_ci95_hi: iops.ci95_hi,
    iops_samples: iopsSamples,
    lat_mean_ns_mean: meanOf(g.lat),
    clat_p50_ns_mean: meanOf(g.p50),
    clat_p99_ns_mean: meanOf(g.p99),
    clat_p999_ns_mean: meanOf(g.p999),
    ops_per_s_mean: ops.mean,
    ops_per_s_sd: ops.sd,
    ops_per_s_cv: ops.cv,
    ops_per_s_min: ops.min,
    ops_per_s_max: ops.max,
    ops_per_s_ci95_lo: ops.ci95_lo,
    ops_per_s_ci95_hi: ops.ci95_hi,
    ops_per_s_samples: g.ops,
    elapsed_ms_mean: meanOf(g.elapsed),
    ...stackOf(g),
    hostname: (g.hostname as string | null) ?? null,
  };
}

function withoutZeroWidth(s: SampleStats): SampleStats {
  return s.sd === 0 ? { ...s, ci95_lo: null, ci95_hi: null } : s;
}

/**
 * What limits a cell's numbers, most limiting first: no ok run (the runs' status), no sample of
 * its metric (bandwidth, or ops/s for metadata and tree jobs), one sample (no CI), a timed part
 * below the clock's resolution, zero spread (no CI), some runs not ok; null when nothing does.
 */
export function summaryReason(c: { status: string; n: number; nOk: number; primary: Pick<SampleStats, 'n' | 'sd'>; belowResolution: boolean }): Reason | null {
  if (c.nOk === 0) return isReason(c.status) ? c.status : Reason.failed;
  if (c.primary.n === 0) return Reason.no_samples;
  if (c.primary.n === 1) return Reason.one_sample;
  if (c.belowResolution) return Reason.below_resolution;
  if (c.primary.sd === 0) return Reason.zero_variance;
  if (c.nOk < c.n) return Reason.partial;
  return null;
}
