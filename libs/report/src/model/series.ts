import type { ReportDataset } from '../types.js';

/** One plotted configuration: an env of a dataset (and a fio server, in client/server mode). */
export interface Series {
  label: string;
  dataset: string;
  env: string;
  hostname: string | null;
}

export interface SeriesIndex {
  list: Series[];
  labelOf(dataset: string, env: string, hostname: string | null): string;
}

/**
 * Configurations in the order given: datasets in order, each dataset's envs in context.envs
 * order (envs only found in rows after them). An env name that occurs in two datasets is
 * prefixed with its dataset so the two never share a bar or a colour.
 */
export function buildSeries(datasets: readonly ReportDataset[]): SeriesIndex {
  const envsOf = datasets.map((d) => {
    const envs = d.context.envs.map((e) => e.name);
    for (const r of [...d.summary, ...d.runs]) if (!envs.includes(r.env)) envs.push(r.env);
    return envs;
  });
  const count = new Map<string, number>();
  for (const envs of envsOf) for (const env of envs) count.set(env, (count.get(env) ?? 0) + 1);
  const base = (dataset: string, env: string) => ((count.get(env) ?? 0) > 1 ? `${dataset}/${env}` : env);
  const labelOf = (dataset: string, env: string, hostname: string | null) =>
    hostname === null ? base(dataset, env) : `${base(dataset, env)} @ ${hostname}`;
  const list: Series[] = [];
  datasets.forEach((d, i) => {
    for (const env of envsOf[i]!) {
      const hosts: Array<string | null> = [];
      for (const r of [...d.summary, ...d.runs]) if (r.env === env && !hosts.includes(r.hostname)) hosts.push(r.hostname);
      if (hosts.length === 0) hosts.push(null);
      hosts.sort((a, b) => (a === null ? -1 : b === null ? 1 : 0));
      for (const hostname of hosts) list.push({ label: labelOf(d.name, env, hostname), dataset: d.name, env, hostname });
    }
  });
  return { list, labelOf };
}
