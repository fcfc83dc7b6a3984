import { readFileSync } from 'node:fs';
import { defaultPairs, envMetaFromName, metaRuns, speedups, summarize, treeRuns, type RunRow } from '@sharebench/analysis';
import { parseFioOutput } from '@sharebench/fio';
import type { ReportDataset } from '../src/index.js';

const FILECREATE = readFileSync(new URL('../../../fixtures/metadata/jsonplus-filecreate.json', import.meta.url), 'utf8');
// Relative speed of each configuration, and milliseconds of each tree operation on the fastest.
const SPEED: Record<string, number> = { host: 1, 'virtiofs-none': 4, '9p-none': 20 };
const TREE_MS: Record<string, number> = { untar: 300, walk: 40, read: 120, delete: 90 };

/**
 * A dataset of metadata and tree jobs in three configurations, through the analysis' own row
 * builders: filecreate rows from a real fio 3.33 json+ (scaled per configuration) and tree
 * operations from their JSON results; 9p's tree-read failed, so one cell has no number.
 */
export function opsDataset(base: ReportDataset, name = 'smallfiles'): ReportDataset {
  const envs = Object.keys(SPEED).map(envMetaFromName);
  const runs: RunRow[] = [];
  for (const env of envs) {
    for (const repeat of [1, 2, 3]) {
      const ctx = { campaign: name, env, repeat, source_file: `raw/runs/${env.name}/r${repeat}`, numjobs: 1 };
      const speed = SPEED[env.name]! * (1 + repeat / 20);
      const meta = { ...ctx, job: 'filecreate', kind: 'meta' as const, workload: 'filecreate', ioengine: 'filecreate' };
      for (const row of metaRuns(parseFioOutput(FILECREATE, 'f', 'json'), meta)) {
        runs.push({ ...row, ops_per_s: row.ops_per_s! / speed, elapsed_ms: row.elapsed_ms! * speed });
      }
      for (const [op, ms] of Object.entries(TREE_MS)) {
        const failed = env.name === '9p-none' && op === 'read';
        const stdout = failed ? '' : JSON.stringify({ op, entries: op === 'read' ? 1000 : 1021, elapsed_ms: Math.round(ms * speed) });
        runs.push(...treeRuns(stdout, { ...ctx, job: `tree-${op}`, kind: 'tree', workload: op, ioengine: 'busybox' }));
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
