import type { Layout } from './layout.js';

/** Identity of a job in one direction, for ordering jobs the way the seed's table does. */
export interface JobKey {
  job: string;
  workload: string;
  ioengine: string;
  numjobs: number;
  direction: string;
}

/** Column label: the job, with the direction when its workload moves data both ways. */
export function jobColumnLabel(layout: Layout, k: JobKey): string {
  return layout.panelOf(k.workload, k.direction) === k.workload ? k.job : `${k.job} · ${k.direction}`;
}

/** Distinct column labels in seed order: workload, ioengine, single before multi, direction, name. */
export function orderedJobColumns(layout: Layout, keys: readonly JobKey[]): string[] {
  const rank = (list: readonly string[], v: string) => {
    const i = list.indexOf(v);
    return i < 0 ? list.length : i;
  };
  const panelRank = (k: JobKey) => rank(layout.panels.map((p) => p.label), layout.panelOf(k.workload, k.direction));
  const sorted = [...keys].sort(
    (a, b) =>
      rank(layout.workloads, a.workload) - rank(layout.workloads, b.workload) ||
      rank(layout.engines, a.ioengine) - rank(layout.engines, b.ioengine) ||
      a.numjobs - b.numjobs ||
      panelRank(a) - panelRank(b),
  );
  return [...new Set(sorted.map((k) => jobColumnLabel(layout, k)))];
}
