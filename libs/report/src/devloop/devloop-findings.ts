import { DEVLOOP_OPS, isDevloopOp, OPS_DIRECTION } from '@sharebench/core';
import { findings, type ScopeFinding, type SpeedupRow } from '@sharebench/analysis';

/** One operation of a comparison: the ratio of means of its operations per second, with its own 95% CI (speedups' delta method). */
export interface DevloopCell {
  op: string;
  ratio: number | null;
  ci95_lo: number | null;
  ci95_hi: number | null;
  significant: boolean | null;
  /** ok, or the status of the side without numbers; `error` says why. */
  status: string;
  error: string | null;
}

/** candidate ÷ baseline over the developer loops: per operation, and the geometric mean over them. */
export interface DevloopComparison {
  family: string;
  title: string;
  candidate: string;
  baseline: string;
  hostname: string | null;
  /** The geometric mean over the operations with a ratio, its CI across them (findings' method). */
  overall: ScopeFinding;
  cells: DevloopCell[];
}

/**
 * The developer loops' comparisons from the speedups table (metric ops_per_s, their operations):
 * per comparison family and comparison, each operation's ratio with its own CI, in the order of
 * DEVLOOP_OPS, and the overall geometric mean as findings() computes it. Families in findings'
 * order (virtio-fs vs 9p first).
 */
export function devloopFindings(speedups: readonly SpeedupRow[]): DevloopComparison[] {
  const rows = speedups.filter((s) => s.metric === 'ops_per_s' && s.direction === OPS_DIRECTION && isDevloopOp(s.workload));
  const rank = (op: string) => (DEVLOOP_OPS as readonly string[]).indexOf(op);
  return findings(rows).families.flatMap((family) =>
    family.comparisons.map((c) => ({
      family: family.family,
      title: family.title,
      candidate: c.candidate,
      baseline: c.baseline,
      hostname: c.hostname,
      overall: c.overall,
      cells: rows
        .filter((r) => r.family === family.family && r.candidate === c.candidate && r.baseline === c.baseline && r.hostname === c.hostname)
        .sort((a, b) => rank(a.workload) - rank(b.workload))
        .map((r) => ({
          op: r.workload,
          ratio: r.status === 'ok' ? r.ratio : null,
          ci95_lo: r.ratio_ci95_lo,
          ci95_hi: r.ratio_ci95_hi,
          significant: r.significant,
          status: r.status,
          // The side without numbers, then why (speedups' error is that side's summary text).
          error: r.error === null ? null : r.reason_env ? `${r.reason_env}: ${r.error}` : r.error,
        })),
    })),
  );
}
