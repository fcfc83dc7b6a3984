import { InputError, RunStatus } from '@sharebench/core';
import { RESULTS_SCHEMA, TABLES, type TableName } from '../schema.js';
import { FIO_TICK_MS, isReason, MIN_TICKS, Reason } from '../reasons.js';
import { summaryReason } from '../ops/summarize.js';
import { message } from '../messages.js';

type Row = Record<string, unknown>;

/**
 * The results schema a table's version key says (absent: 1, the first), checked: this version
 * reads 1 to RESULTS_SCHEMA; anything else is one line saying what to do.
 */
export function checkedResultsSchema(raw: string | undefined, source: string): number {
  const version = raw === undefined ? 1 : Number(raw);
  if (!(Number.isInteger(version) && version >= 1 && version <= RESULTS_SCHEMA)) {
    throw new InputError(message.resultsSchemaUnknown(source, raw, RESULTS_SCHEMA));
  }
  return version;
}

/**
 * Rows of an older results table in this version's layout. Schema 1 (no version key): speedups'
 * `pair` becomes `family`; the reason codes are derived from the statuses, counts and spreads the
 * rows hold; a zero-width interval becomes none; `clock_tick_ms` and `below_resolution` of runs
 * come from fio's whole milliseconds (what every schema-1 timing was); what cannot be known then
 * (which side a reason is about, a summary's below_resolution) is null. `sharebench analyze`
 * rebuilds everything from raw/.
 */
export function upgradeRows(table: TableName, rows: readonly Row[]): Row[] {
  const columns = TABLES[table];
  return rows.map(UPGRADE[table]).map((r) => Object.fromEntries(columns.map((c) => [c.name, r[c.name] ?? null])));
}

const UPGRADE: Record<TableName, (r: Row) => Row> = {
  // The semantics table came with results schema 2: nothing older to upgrade.
  semantics: (r) => r,
  runs: (r) => {
    const timed = (r['elapsed_ms'] ?? r['runtime_ms']) as number | null;
    const tick = r['status'] === RunStatus.ok && timed !== null && timed !== undefined ? FIO_TICK_MS : null;
    return { ...r, clock_tick_ms: tick, below_resolution: tick === null ? null : timed! < MIN_TICKS * tick, work_scale: null };
  },
  summary: (r) => {
    const out: Row = { ...r };
    for (const m of ['bw_bytes', 'iops', 'ops_per_s']) {
      if (r[`${m}_sd`] === 0) Object.assign(out, { [`${m}_ci95_lo`]: null, [`${m}_ci95_hi`]: null });
    }
    const primary = r['direction'] === 'ops' ? 'ops_per_s' : 'bw_bytes';
    const samples = (r[`${primary}_samples`] as number[] | null) ?? [];
    const reason = summaryReason({
      status: r['status'] as string,
      n: r['n'] as number,
      nOk: r['n_ok'] as number,
      primary: { n: samples.length, sd: (r[`${primary}_sd`] as number | null) ?? null },
      belowResolution: false,
    });
    return { ...out, reason, below_resolution: null };
  },
  speedups: (r) => {
    const out: Row = { ...r, family: r['family'] ?? r['pair'], reason_env: null, below_resolution: null };
    const status = r['status'] as string;
    // The side without numbers is the one without a mean > 0.
    const missingEnv = r['ratio'] === null ? (((r['candidate_mean'] as number | null) ?? 0) > 0 ? r['baseline'] : r['candidate']) : null;
    if (status !== RunStatus.ok) return { ...out, reason: isReason(status) ? status : Reason.failed, reason_env: missingEnv };
    if (r['ratio'] === null) {
      const noMean = r['baseline_mean'] === null || r['candidate_mean'] === null;
      const reason = noMean ? Reason.no_samples : r['baseline_mean'] === 0 ? Reason.zero_baseline : Reason.zero_candidate;
      return { ...out, reason, reason_env: missingEnv };
    }
    if (r['log_ratio_se'] === 0) return { ...out, reason: Reason.zero_variance, ratio_ci95_lo: null, ratio_ci95_hi: null, significant: null };
    return { ...out, reason: r['significant'] === null ? Reason.one_sample : null };
  },
};
