import type { RunRow } from '@sharebench/analysis';

/**
 * A run was measured under load when more than this share of the host's CPU time (all CPUs)
 * went to processes outside sharebench while it was timed: enough to take a CPU from fio or
 * its daemons on a small machine. The load average is shown beside it but not judged: it counts
 * sharebench's own earlier runs too.
 */
export const UNDER_LOAD_BUSY_RATIO = 0.1;

/** How the runs of a cell (or any set of run rows) were measured. */
export interface Conditions {
  /** Distinct runs (a randrw run has two rows). */
  runs: number;
  /** Runs with a host_busy_ratio above UNDER_LOAD_BUSY_RATIO. */
  underLoad: number;
  /** Runs measured without the host's caches dropped (host_cache_dropped false). */
  warmCache: number;
  /** Runs that recorded no conditions (imported, or from before sharebench recorded them). */
  unknown: number;
  maxBusyRatio: number | null;
  maxLoad1: number | null;
}

export const isUnderLoad = (r: Pick<RunRow, 'host_busy_ratio'>): boolean => r.host_busy_ratio !== null && r.host_busy_ratio > UNDER_LOAD_BUSY_RATIO;

/** Folds run rows into their runs' conditions: one vote per run (env, job, repeat), not per row. */
export function conditionsOf(rows: readonly RunRow[]): Conditions {
  const runs = new Map<string, RunRow>();
  for (const r of rows) runs.set([r.campaign, r.env, r.job, r.repeat, r.hostname ?? ''].join('\u0000'), r);
  const list = [...runs.values()].filter((r) => r.status !== 'unsupported' && !(r.status === 'interrupted' && r.host_cache_dropped === null));
  const max = (xs: Array<number | null>) => {
    const v = xs.filter((x): x is number => x !== null);
    return v.length === 0 ? null : Math.max(...v);
  };
  return {
    runs: list.length,
    underLoad: list.filter(isUnderLoad).length,
    warmCache: list.filter((r) => r.host_cache_dropped === false).length,
    unknown: list.filter((r) => r.host_cache_dropped === null && r.host_busy_ratio === null).length,
    maxBusyRatio: max(list.map((r) => r.host_busy_ratio)),
    maxLoad1: max(list.map((r) => r.host_load1)),
  };
}

/** "2 of 3 runs under load (up to 34% of the CPUs busy elsewhere); 3 of 3 with warm host caches", or '–'. */
export function describeConditions(c: Conditions): string {
  const parts: string[] = [];
  const runs = `run${c.runs === 1 ? '' : 's'}`;
  if (c.underLoad > 0) parts.push(`${c.underLoad} of ${c.runs} ${runs} under load (up to ${percent(c.maxBusyRatio)} of the CPUs busy elsewhere)`);
  if (c.warmCache > 0) parts.push(`${c.warmCache} of ${c.runs} with warm host caches`);
  if (parts.length === 0) return c.unknown === c.runs && c.runs > 0 ? 'not recorded' : '–';
  return parts.join('; ');
}

export const percent = (x: number | null): string => (x === null ? 'n/a' : `${Math.round(x * 100)}%`);

/** For each summary cell of one dataset's runs: its runs' conditions in words (the charts' tooltip). */
export function cellConditions(runs: readonly RunRow[]): (cell: Pick<RunRow, 'env' | 'job' | 'direction' | 'hostname'>) => string {
  const byCell = new Map<string, RunRow[]>();
  const key = (r: Pick<RunRow, 'env' | 'job' | 'direction' | 'hostname'>) => [r.env, r.job, r.direction, r.hostname ?? ''].join('\u0000');
  for (const r of runs) {
    const k = key(r);
    if (!byCell.has(k)) byCell.set(k, []);
    byCell.get(k)!.push(r);
  }
  return (cell) => describeConditions(conditionsOf(byCell.get(key(cell)) ?? []));
}
