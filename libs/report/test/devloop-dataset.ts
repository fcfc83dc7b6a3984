import { defaultPairs, devloopRuns, envMetaFromName, speedups, statusRuns, summarize, type RunRow } from '@sharebench/analysis';
import type { ReportDataset } from '@sharebench/report';

/** Milliseconds of each repeat of each operation, per configuration (git-status-cold: 40 files; sqlite-insert: 100 rows). */
export const ELAPSED_MS: Record<string, Record<string, number[]>> = {
  host: { 'git-status-cold': [10, 11, 12], 'sqlite-insert': [50, 52, 54] },
  'virtiofs-never': { 'git-status-cold': [200, 210, 190], 'sqlite-insert': [] },
  '9p-none': { 'git-status-cold': [800, 760, 840], 'sqlite-insert': [600, 660, 630] },
};
export const ENTRIES: Record<string, number> = { 'git-status-cold': 40, 'sqlite-insert': 100 };
export const SQLITE_ERROR = 'sqlite-insert failed (exit 1): Runtime error near line 2: disk I/O error (10)';

/**
 * A dataset of two developer loops in three configurations, through the analysis' own row
 * builders from devloop.sh-shaped results; sqlite3 failed on virtio-fs with cache=never (no
 * shared mmap), so that cell has its error and no number.
 */
export function devloopDataset(base: ReportDataset, name = 'devloop'): ReportDataset {
  const envs = Object.keys(ELAPSED_MS).map(envMetaFromName);
  const runs: RunRow[] = [];
  for (const env of envs) {
    for (const repeat of [1, 2, 3]) {
      const ctx = { campaign: name, env, repeat, source_file: `raw/runs/${env.name}/r${repeat}`, numjobs: 1, kind: 'devloop' as const };
      for (const op of Object.keys(ENTRIES)) {
        const job = { ...ctx, job: op, workload: op, ioengine: op.startsWith('git') ? 'git' : 'sqlite3' };
        const ms = ELAPSED_MS[env.name]![op]![repeat - 1];
        runs.push(
          ...(ms === undefined
            ? statusRuns(job, { status: 'failed', error: SQLITE_ERROR })
            : devloopRuns(JSON.stringify({ op, entries: ENTRIES[op], elapsed_ms: ms }), job)),
        );
      }
    }
  }
  const summary = summarize(runs);
  return {
    name,
    context: { ...base.context, campaign: name, envs: envs.map((e) => ({ ...e, session: null, imported: null })), imports: [] },
    runs,
    summary,
    speedups: speedups(summary, defaultPairs(envs)),
  };
}
