import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { execa } from 'execa';
import { printFigures } from './figures.js';

/**
 * bench:import: the seed study's feb-23-2021 archive (21 run-fio-test.sh logs, 5.7 MB), imported
 * and analyzed by sharebench, against the study's own parse-fio-results.sh on the same files.
 *
 *   1. `sharebench import <21 logs> --out DIR`: one process that parses, builds the runs,
 *      summary and speedups tables and writes them (Arrow); timed 3 times into fresh datasets,
 *      the median kept (a few seconds of wall time on a shared machine are noisy)
 *   2. `sharebench analyze DIR`: everything again from raw/, one process, median of 3
 *   3. `bash parse-fio-results.sh <21 logs>`: one run (minutes), its table kept
 *   4. the table sharebench writes (`sharebench report`, report.txt; not timed) against the script's
 *
 * The script is not kept in this repository (it is rhvgoyal/virtiofs-tests' code): give its path with
 * --study-parser PATH or SHAREBENCH_STUDY_PARSER. Use the version the data were made with,
 * ec55ae5a. Last line: a JSON object with ratio = study_ms / import_ms (the import process
 * analyzes too) and ratio_import_then_analyze = study_ms / (import_ms + analyze_ms), on wall time;
 * and ratio_cpu on CPU time (user + system of the process and everything it forked), which other
 * work on the machine disturbs less. The script forks grep, awk, printf and bc for every value,
 * so its time depends on what a fork costs on the machine: 100-111 s on one, 27 s on another.
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const ARCHIVE = join(ROOT, 'fixtures/virtiofs-tests/performance-results/feb-23-2021/raw-data');
const CLI = join(ROOT, 'tools/cli/bin/sharebench.js');
const RATIO_TARGET = 200;

const { values } = parseArgs({ options: { 'study-parser': { type: 'string' } } });
const studyParser = values['study-parser'] ?? process.env['SHAREBENCH_STUDY_PARSER'];
if (!studyParser || !(await stat(studyParser).then((s) => s.isFile(), () => false))) {
  console.error(
    `bench:import: ${studyParser ? `${studyParser} is not a file` : 'no study parser given'}; fetch the study's script (git clone https://github.com/rhvgoyal/virtiofs-tests && git -C virtiofs-tests show ec55ae5a:parse-fio-results.sh > parse-fio-results.sh) and run npm run bench:import -- --study-parser ./parse-fio-results.sh`,
  );
  process.exit(2);
}

const logs: string[] = [];
for (const entry of (await readdir(ARCHIVE, { recursive: true })).sort()) if (entry.endsWith('-test-data.txt')) logs.push(join(ARCHIVE, entry));
let inputBytes = 0;
for (const log of logs) inputBytes += (await stat(log)).size;

/**
 * CPU time (user + system, ms) of this process's children that have ended, and of what they
 * forked: /proc/self/stat's cutime and cstime, in clock ticks of 1/100 s (Linux's USER_HZ).
 */
async function childrenCpuMs(): Promise<number> {
  const stat = await readFile('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // from field 3 (state) on
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

/** Wall time and CPU time of one process (one at a time), ms; its stdout. */
async function timed(file: string, args: string[]): Promise<{ ms: number; cpuMs: number; stdout: string }> {
  const cpu0 = await childrenCpuMs();
  const t0 = performance.now();
  const r = await execa(file, args, { stdin: 'ignore', stderr: 'inherit' });
  const ms = performance.now() - t0;
  return { ms, cpuMs: (await childrenCpuMs()) - cpu0, stdout: r.stdout };
}

const trimEnds = (text: string) => text.split('\n').map((l) => l.trimEnd()).join('\n').trimEnd();

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const REPEATS = 3;

const tmp = await mkdtemp(join(os.tmpdir(), 'sharebench-bench-import-'));
try {
  const loadBefore = Number(os.loadavg()[0]!.toFixed(2));
  const importMs: number[] = [];
  const analyzeMs: number[] = [];
  const importCpuMs: number[] = [];
  const analyzeCpuMs: number[] = [];
  let dataset = '';
  for (let i = 1; i <= REPEATS; i++) {
    dataset = join(tmp, `feb-23-2021-${i}`);
    const imp = await timed(process.execPath, [CLI, 'import', ...logs, '--out', dataset]);
    const ana = await timed(process.execPath, [CLI, 'analyze', dataset]);
    importMs.push(imp.ms);
    importCpuMs.push(imp.cpuMs);
    analyzeMs.push(ana.ms);
    analyzeCpuMs.push(ana.cpuMs);
  }
  const imported = { ms: median(importMs), cpuMs: median(importCpuMs) };
  const analyzed = { ms: median(analyzeMs), cpuMs: median(analyzeCpuMs) };
  console.log(`bench:import: running ${studyParser} on ${logs.length} logs (several minutes: it forks grep and awk per value)`);
  const study = await timed('bash', [resolve(studyParser), ...logs]);
  await execa(process.execPath, [CLI, 'report', dataset, '--out', join(tmp, 'report')], { stdin: 'ignore' });
  const ours = await readFile(join(tmp, 'report', 'report.txt'), 'utf8');
  printFigures('import', {
    logs: logs.length,
    input_bytes: inputBytes,
    import_ms: Math.round(imported.ms),
    import_ms_runs: importMs.map(Math.round),
    analyze_ms: Math.round(analyzed.ms),
    analyze_ms_runs: analyzeMs.map(Math.round),
    study_parser_ms: Math.round(study.ms),
    import_cpu_ms: imported.cpuMs,
    analyze_cpu_ms: analyzed.cpuMs,
    study_parser_cpu_ms: study.cpuMs,
    ratio: Number((study.ms / imported.ms).toFixed(1)),
    ratio_import_then_analyze: Number((study.ms / (imported.ms + analyzed.ms)).toFixed(1)),
    ratio_cpu: Number((study.cpuMs / imported.cpuMs).toFixed(1)),
    ratio_target: RATIO_TARGET,
    load1_before: loadBefore,
    load1_after: Number(os.loadavg()[0]!.toFixed(2)),
    table_rows: trimEnds(study.stdout).split('\n').filter((l) => l.trim() !== '').length - 1,
    // report.txt opens on the findings; the seed's table follows them, as the script prints it.
    tables_equal: trimEnds(ours).endsWith(`\n${trimEnds(study.stdout)}`),
  });
} finally {
  await rm(tmp, { recursive: true, force: true });
}
