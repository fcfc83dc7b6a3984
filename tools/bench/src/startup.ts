import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { printFigures } from './figures.js';

/**
 * bench:startup: what each sharebench command costs as a whole process, against a bare `node -e ''`.
 *
 *   1. import the seed study's feb-23-2021 archive once (21 logs) into a dataset for query and analyze
 *   2. run every case RUNS times, round robin (so a change in the machine's load hits every case alike):
 *      bare node, `--help`, `query` (the summary table), `import` of one log and of all 21 into a fresh
 *      dataset, `analyze` of the dataset
 *   3. per process: wall time (this process's clock, spawn to exit) and the child's own user and
 *      system CPU time (process.resourceUsage() in its 'exit' event, written to fd 3 by a --require
 *      preload that every case gets, bare node included). CPU time is the figure to compare on a
 *      shared machine: other processes stretch wall time, much less a process's own CPU time.
 *   4. medians per case, and the excess over bare node; the size of main.js and of each command's
 *      file in the bundle (tools/cli/bundle/meta.json), which is what a command loads
 *
 * `--baseline-cli PATH` times another build's bin/sharebench.js too, in the same round robin
 * (cases named `<case>@baseline`), so that a before/after comparison shares the machine's load.
 * `--only help,query` runs those cases (and bare node) only; `--runs N` (default 15).
 *
 * Last line: a JSON object with each case's medians (ms) and the load average before and after.
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const ARCHIVE = join(ROOT, 'fixtures/virtiofs-tests/performance-results/feb-23-2021/raw-data');
const CLI = join(ROOT, 'tools/cli/bin/sharebench.js');

const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' }, only: { type: 'string' }, 'baseline-cli': { type: 'string' } } });
const RUNS = Number(values.runs);
if (!Number.isInteger(RUNS) || RUNS < 1) {
  console.error(`bench:startup: --runs ${JSON.stringify(values.runs)} is not a whole number >= 1`);
  process.exit(2);
}

// Runs in the child before its code and reports at its exit; a CommonJS file, so --require takes it.
const PRELOAD = `process.on('exit', () => {
  const u = process.resourceUsage();
  require('node:fs').writeSync(3, JSON.stringify({ user_us: u.userCPUTime, sys_us: u.systemCPUTime, max_rss_kib: u.maxRSS }));
});
`;

interface Sample {
  wall_ms: number;
  user_ms: number;
  sys_ms: number;
  max_rss_kib: number;
}

/** One child process: node --require PRELOAD ...args; rejects unless it exits 0. */
function measure(preload: string, args: string[]): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--require', preload, ...args], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let usage = '';
    child.stderr!.on('data', (b: Buffer) => (stderr += b));
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (b: Buffer) => (usage += b));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const wall_ms = performance.now() - t0;
      if (code !== 0) return reject(new Error(`node ${args.join(' ')} exited ${code ?? signal}: ${stderr.trim().split('\n').at(-1)}`));
      const u = JSON.parse(usage) as { user_us: number; sys_us: number; max_rss_kib: number };
      resolve({ wall_ms, user_ms: u.user_us / 1000, sys_ms: u.sys_us / 1000, max_rss_kib: u.max_rss_kib });
    });
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const round1 = (x: number) => Math.round(x * 10) / 10;
const load1 = () => Number(os.loadavg()[0]!.toFixed(2));

/** KiB of code in bundle/main.js and in each command's file, from the build's metafile. */
async function bundleSizes(): Promise<Record<string, number>> {
  const meta = JSON.parse(await readFile(join(ROOT, 'tools/cli/bundle/meta.json'), 'utf8')) as { outputs: Record<string, { bytes: number }> };
  const sizes: Record<string, number> = {};
  for (const [path, { bytes }] of Object.entries(meta.outputs)) {
    const m = /^tools\/cli\/bundle\/(?:commands\/)?([\w-]+)\.js$/.exec(path);
    if (m) sizes[m[1]!] = Math.round(bytes / 1024);
  }
  return sizes;
}

const logs: string[] = [];
for (const entry of (await readdir(ARCHIVE, { recursive: true })).sort()) if (entry.endsWith('-test-data.txt')) logs.push(join(ARCHIVE, entry));

const tmp = await mkdtemp(join(os.tmpdir(), 'sharebench-bench-startup-'));
try {
  const preload = join(tmp, 'preload.cjs');
  await writeFile(preload, PRELOAD);
  const dataset = join(tmp, 'dataset');
  await measure(preload, [CLI, 'import', ...logs, '--out', dataset]);
  let fresh = 0;
  const commandCases = (cli: string): Record<string, () => string[]> => ({
    help: () => [cli, '--help'],
    query: () => [cli, 'query', dataset],
    import_1_log: () => [cli, 'import', logs[0]!, '--out', join(tmp, `one-${fresh++}`)],
    import_21_logs: () => [cli, 'import', ...logs, '--out', join(tmp, `all-${fresh++}`)],
    analyze: () => [cli, 'analyze', dataset],
  });
  const only = (cases: Record<string, () => string[]>) =>
    Object.fromEntries(Object.entries(cases).filter(([n]) => !values.only || values.only.split(',').includes(n)));
  const baseline = values['baseline-cli'];
  const cases: Record<string, () => string[]> = {
    bare_node: () => ['-e', ''],
    ...only(commandCases(CLI)),
    ...(baseline ? Object.fromEntries(Object.entries(only(commandCases(baseline))).map(([n, f]) => [`${n}@baseline`, f])) : {}),
  };
  const names = Object.keys(cases);
  const samples = new Map<string, Sample[]>(names.map((n) => [n, []]));
  const loadBefore = load1();
  for (let i = 0; i < RUNS; i++) {
    for (const name of names) samples.get(name)!.push(await measure(preload, cases[name]!()));
  }
  const loadAfter = load1();
  const figures: Record<string, unknown> = { runs: RUNS, node: process.version, load1_before: loadBefore, load1_after: loadAfter };
  const bare = samples.get('bare_node')!;
  const bareCpu = median(bare.map((s) => s.user_ms + s.sys_ms));
  const bareWall = median(bare.map((s) => s.wall_ms));
  for (const [name, ss] of samples) {
    const cpu = median(ss.map((s) => s.user_ms + s.sys_ms));
    const wall = median(ss.map((s) => s.wall_ms));
    figures[name] = {
      user_ms: round1(median(ss.map((s) => s.user_ms))),
      sys_ms: round1(median(ss.map((s) => s.sys_ms))),
      cpu_ms: round1(cpu),
      wall_ms: round1(wall),
      cpu_over_bare_ms: round1(cpu - bareCpu),
      wall_over_bare_ms: round1(wall - bareWall),
      max_rss_mib: round1(median(ss.map((s) => s.max_rss_kib)) / 1024),
    };
  }
  figures['bundle_kib'] = await bundleSizes();
  printFigures('startup', figures);
} finally {
  await rm(tmp, { recursive: true, force: true });
}
