import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { fromArrowIpc, readTableBytes, type RunRow, type SummaryRow } from '@sharebench/analysis';
import { printFigures } from './figures.js';

/**
 * bench:adaptive: what adaptive repeats save against fixed ones, on a small host campaign.
 *
 *   1. the same host-only campaign (3 jobs, 1 s runs) twice: repeats {min 3, max 10, cv 0.05},
 *      then a fixed 10
 *   2. time each whole `sharebench run` (plan, layout, cache drops, fio runs, analyze)
 *   3. per cell: the runs the adaptive one took (n), its cv, and its mean against the fixed
 *      one's (what stopping early cost in accuracy); then both wall times, and how busy other
 *      processes kept the host meanwhile (runs' host_busy_ratio): a loaded host converges later
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const REPEATS = { min: 3, max: 10, cv: 0.05 };
const tmp = await mkdtemp(join(os.tmpdir(), 'sharebench-bench-adaptive-'));
try {
  const run = async (name: string, repeats: unknown): Promise<{ wallMs: number; summary: SummaryRow[]; busy: number | null }> => {
    const dir = join(tmp, name);
    await mkdir(dir);
    const campaign = {
      envs: [{ name: 'host', kind: 'host' }],
      fio: { workloads: ['randread', 'seqwrite', 'randrw'], ioengines: ['psync'], numjobs: [1], size: '16M', runtime: '1s', direct: false },
      repeats,
    };
    await writeFile(join(dir, 'campaign.json'), JSON.stringify(campaign));
    const t0 = performance.now();
    execFileSync(process.execPath, [join(ROOT, 'tools/cli/bin/sharebench.js'), 'run', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
    const wallMs = performance.now() - t0;
    // How loaded the host was meanwhile (noise on record): the mean share of its CPUs busy elsewhere.
    const busy = fromArrowIpc<RunRow>(await readTableBytes(dir, 'runs')).map((r) => r.host_busy_ratio).filter((x): x is number => x !== null);
    const mean = busy.length === 0 ? null : Number((busy.reduce((a, b) => a + b, 0) / busy.length).toFixed(3));
    return { wallMs, summary: fromArrowIpc<SummaryRow>(await readTableBytes(dir, 'summary')), busy: mean };
  };
  const adaptive = await run('adaptive', REPEATS);
  const fixed = await run('fixed', REPEATS.max);
  const cells: Record<string, unknown> = {};
  for (const a of adaptive.summary) {
    const f = fixed.summary.find((s) => s.job === a.job && s.direction === a.direction)!;
    const pct = (x: number | null) => (x === null ? null : Number((x * 100).toFixed(1)));
    cells[`${a.job}/${a.direction}`] = {
      n: a.n,
      cv_pct: pct(a.bw_bytes_cv),
      converged: a.n < REPEATS.max,
      fixed_n: f.n,
      fixed_cv_pct: pct(f.bw_bytes_cv),
      mean_vs_fixed_pct: a.bw_bytes_mean !== null && f.bw_bytes_mean ? pct(a.bw_bytes_mean / f.bw_bytes_mean - 1) : null,
    };
  }
  const runsOf = (summary: SummaryRow[]) => [...new Map(summary.map((s) => [s.job, s.n])).values()].reduce((x, y) => x + y, 0);
  printFigures('adaptive', {
    rule: REPEATS,
    cells,
    adaptive_runs: runsOf(adaptive.summary),
    fixed_runs: runsOf(fixed.summary),
    adaptive_wall_s: Number((adaptive.wallMs / 1000).toFixed(1)),
    fixed_wall_s: Number((fixed.wallMs / 1000).toFixed(1)),
    wall_ratio: Number((adaptive.wallMs / fixed.wallMs).toFixed(3)),
    adaptive_host_busy_ratio_mean: adaptive.busy,
    fixed_host_busy_ratio_mean: fixed.busy,
  });
} finally {
  await rm(tmp, { recursive: true, force: true });
}
