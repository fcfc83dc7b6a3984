import { mkdtemp, readFile, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { parseFioOutput } from '@sharebench/fio';
import {
  defaultPairs,
  envMetaFromName,
  recordsToRuns,
  RUNS_COLUMNS,
  SPEEDUPS_COLUMNS,
  SUMMARY_COLUMNS,
  speedups,
  summarize,
  toArrowIpc,
  type RunRow,
} from '@sharebench/analysis';
import { printFigures } from './figures.js';

/**
 * bench:ingest: parse -> runs -> summary -> Arrow, against bare JSON.parse of the same files.
 *
 *   1. generate N realistic json+ results from a real fio 3.33 output (numbers varied per file)
 *   2. floor: read + JSON.parse every file
 *   3. ingest: read + parse + rows for every file, then summary, speedups and three Arrow files
 *   4. the whole `sharebench import` of both legacy fixture logs, as a process
 *
 * Last line: a JSON object with ratio (ingest / JSON.parse throughput), peak_rss_bytes, input_bytes.
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const N = Number(process.argv[2] ?? process.env['BENCH_FILES'] ?? 10_000);
const ENVS = ['host', 'virtiofs-none', 'virtiofs-auto', 'virtiofs-always', 'virtiofs-auto-dax', '9p-none', '9p-mmap', '9p-loose'];
const JOBS = ['seqread', 'randread', 'seqwrite', 'randwrite', 'randrw'].flatMap((w) =>
  ['psync', 'libaio', 'mmap'].flatMap((e) => [`${w}-${e}`, `${w}-${e}-multi`]),
);

async function generate(dir: string): Promise<number> {
  const template = await readFile(join(ROOT, 'fixtures/fio-3.33/jsonplus-bins.json'), 'utf8');
  let bytes = 0;
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let i = 0; i < N; i++) {
    const env = ENVS[i % ENVS.length]!;
    const job = JOBS[Math.floor(i / ENVS.length) % JOBS.length]!;
    const scale = 0.5 + rand();
    // Vary every measured number so no two files are alike; keep fio's exact layout.
    let text = template
      .replace(/"(jobname|name)" : "jp2"/g, `"$1" : "${job}"`)
      .replace(/"(io_bytes|bw_bytes|bw|total_ios|io_kbytes)" : (\d+)/g, (_, k: string, v: string) => `"${k}" : ${Math.round(Number(v) * scale)}`)
      .replace(/"(iops|mean)" : ([\d.]+)/g, (_, k: string, v: string) => `"${k}" : ${(Number(v) * scale).toFixed(6)}`);
    if (i % 3 === 0) text = `note: both iodepth >= 1 and synchronous I/O engine are selected, queue depth will be capped at 1\n${text}`;
    const sub = join(dir, env);
    if (i < ENVS.length) await mkdir(sub, { recursive: true });
    await writeFile(join(sub, `${String(i).padStart(6, '0')}.json`), text);
    bytes += Buffer.byteLength(text);
  }
  return bytes;
}

async function files(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const env of (await readdir(dir)).sort()) for (const f of (await readdir(join(dir, env))).sort()) out.push(join(dir, env, f));
  return out;
}

async function floor(paths: string[]): Promise<number> {
  const t0 = performance.now();
  let jobs = 0;
  for (const p of paths) {
    const text = await readFile(p, 'utf8');
    // The floor gets the same help a naive reader would need: skip text before the document.
    const doc = JSON.parse(text.slice(text.indexOf('\n{') >= 0 && !text.startsWith('{') ? text.indexOf('\n{') + 1 : 0)) as { jobs: unknown[] };
    jobs += doc.jobs.length;
  }
  if (jobs === 0) throw new Error('no jobs parsed');
  return performance.now() - t0;
}

async function ingest(paths: string[], outDir: string): Promise<{ ms: number; rows: number; summary: number; arrowBytes: number }> {
  const t0 = performance.now();
  const rows: RunRow[] = [];
  const repeats = new Map<string, number>();
  for (const p of paths) {
    const env = envMetaFromName(p.split('/').at(-2)!);
    const result = parseFioOutput(await readFile(p, 'utf8'), p, 'json');
    const job = result.records[0]?.jobname ?? 'unknown';
    const key = `${env.name}/${job}`;
    const repeat = (repeats.get(key) ?? 0) + 1;
    repeats.set(key, repeat);
    for (const r of recordsToRuns(result, { campaign: 'bench', env, repeat, source_file: p })) rows.push(r);
  }
  const summary = summarize(rows);
  const sp = speedups(summary, defaultPairs(ENVS.map(envMetaFromName)));
  const arrows = [toArrowIpc(rows, RUNS_COLUMNS), toArrowIpc(summary, SUMMARY_COLUMNS), toArrowIpc(sp, SPEEDUPS_COLUMNS)];
  await Promise.all(arrows.map((a, i) => writeFile(join(outDir, `${['runs', 'summary', 'speedups'][i]}.arrow`), a)));
  return { ms: performance.now() - t0, rows: rows.length, summary: summary.length, arrowBytes: arrows.reduce((s, a) => s + a.byteLength, 0) };
}

function legacyImportMs(tmp: string): number {
  const cli = join(ROOT, 'tools/cli/bin/sharebench.js');
  const args = [
    cli,
    'import',
    join(ROOT, 'fixtures/legacy/sshfs-test-data-raw.txt'),
    join(ROOT, 'fixtures/legacy/virtiofs-test-data-raw.txt'),
    '--out',
    join(tmp, 'legacy'),
  ];
  const t0 = performance.now();
  execFileSync(process.execPath, args, { stdio: 'ignore' });
  return performance.now() - t0;
}

const tmp = await mkdtemp(join(os.tmpdir(), 'sharebench-bench-ingest-'));
try {
  const data = join(tmp, 'data');
  const input_bytes = await generate(data);
  const paths = await files(data);
  await floor(paths); // warm the page cache and the JIT for both passes alike
  const floorMs = await floor(paths);
  const result = await ingest(paths, tmp);
  const peak_rss_bytes = process.resourceUsage().maxRSS * 1024;
  const legacy_import_ms = legacyImportMs(tmp);
  const json_parse_mb_s = input_bytes / 1e6 / (floorMs / 1000);
  const ingest_mb_s = input_bytes / 1e6 / (result.ms / 1000);
  printFigures('ingest', {
    files: N,
    input_bytes,
    run_rows: result.rows,
    summary_rows: result.summary,
    arrow_bytes: result.arrowBytes,
    json_parse_ms: Math.round(floorMs),
    ingest_ms: Math.round(result.ms),
    json_parse_mb_s: Number(json_parse_mb_s.toFixed(1)),
    ingest_mb_s: Number(ingest_mb_s.toFixed(1)),
    ratio: Number((ingest_mb_s / json_parse_mb_s).toFixed(3)),
    ratio_target: 0.5,
    peak_rss_bytes,
    rss_to_input: Number((peak_rss_bytes / input_bytes).toFixed(2)),
    rss_target: 3,
    legacy_import_ms: Math.round(legacy_import_ms),
    legacy_import_target_ms: 500,
  });
} finally {
  await rm(tmp, { recursive: true, force: true });
}
