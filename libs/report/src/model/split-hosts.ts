import type { ReportDataset } from '../types.js';

/**
 * A dataset of several hosts (a merge) as one dataset per host, named `<dataset> @ <host_id>`, so
 * that its charts and tables never put two machines' runs in one bar: each host becomes a series of
 * its own, as a second dataset would. A dataset of one host (or none recorded) is kept as it is.
 */
export function splitByHost(d: ReportDataset): ReportDataset[] {
  const key = (r: { host_id?: string | null }) => r.host_id ?? null;
  const hosts = [...new Set(d.runs.map(key))];
  if (hosts.length < 2) return [d];
  return hosts.map((h) => ({
    ...d,
    name: `${d.name} @ ${h ?? 'host not recorded'}`,
    runs: d.runs.filter((r) => key(r) === h),
    summary: d.summary.filter((r) => key(r) === h),
    speedups: d.speedups.filter((r) => key(r) === h),
  }));
}
