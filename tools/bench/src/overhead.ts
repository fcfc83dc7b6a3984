import { mkdtemp, mkdir, readFile, rm, writeFile, readdir } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { fromArrowIpc, readTableBytes, type RunRow } from '@sharebench/analysis';
import type { RunManifest } from '@sharebench/core';
import { printFigures } from './figures.js';

/**
 * bench:overhead: what the harness adds to fio on a small host campaign.
 *
 *   1. write a host-only campaign (6 jobs x 3 repeats, 500 ms each, tiny files)
 *   2. time the whole `sharebench run` process (plan, layout, cache drops, 18 fio runs, analyze)
 *   3. overhead per run = (wall - sum of the timed fio processes' own wall time) / runs: what
 *      the harness adds (planning, layout checks, cache drops, process handling, raw files,
 *      analysis). Also printed: (wall - sum of fio's reported job runtime) / runs, which adds
 *      fio's own start-up and exit (libraries, its fixed 100 ms start-up wait) to the harness's.
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const tmp = await mkdtemp(join(os.tmpdir(), 'sharebench-bench-overhead-'));
try {
  const dir = join(tmp, 'overhead');
  await mkdir(dir);
  const campaign = {
    envs: [{ name: 'host', kind: 'host' }],
    fio: { workloads: ['randread', 'seqwrite', 'randrw'], ioengines: ['psync', 'libaio'], numjobs: [1], size: '4M', runtime: '500ms' },
    repeats: 3,
  };
  await writeFile(join(dir, 'campaign.json'), JSON.stringify(campaign));
  const t0 = performance.now();
  execFileSync(process.execPath, [join(ROOT, 'tools/cli/bin/sharebench.js'), 'run', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
  const wallMs = performance.now() - t0;
  const rows = fromArrowIpc<RunRow>(await readTableBytes(dir, 'runs'));
  const perRun = new Map<string, number>();
  for (const r of rows) {
    if (r.status !== 'ok' || r.runtime_ms === null) throw new Error(`run ${r.job} r${r.repeat} is ${r.status}: ${r.error}`);
    const key = `${r.job}/${r.repeat}`;
    perRun.set(key, Math.max(perRun.get(key) ?? 0, r.runtime_ms));
  }
  const runs = perRun.size;
  const fioRuntimeMs = [...perRun.values()].reduce((a, b) => a + b, 0);
  let fioProcessMs = 0;
  for (const job of await readdir(join(dir, 'raw/runs/host'))) {
    for (const rep of await readdir(join(dir, 'raw/runs/host', job))) {
      const m = JSON.parse(await readFile(join(dir, 'raw/runs/host', job, rep, 'run.json'), 'utf8')) as RunManifest;
      fioProcessMs += m.duration_ms ?? 0;
    }
  }
  printFigures('overhead', {
    runs,
    wall_s: Number((wallMs / 1000).toFixed(3)),
    fio_runtime_s: Number((fioRuntimeMs / 1000).toFixed(3)),
    fio_process_s: Number((fioProcessMs / 1000).toFixed(3)),
    overhead_per_run_s: Number(((wallMs - fioProcessMs) / runs / 1000).toFixed(3)),
    beyond_job_runtime_per_run_s: Number(((wallMs - fioRuntimeMs) / runs / 1000).toFixed(3)),
    fio_own_startup_exit_per_run_s: Number(((fioProcessMs - fioRuntimeMs) / runs / 1000).toFixed(3)),
    target_per_run_s: 0.3,
  });
} finally {
  await rm(tmp, { recursive: true, force: true });
}
