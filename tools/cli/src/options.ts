/**
 * Every command and flag in one typed table (vitest's cli-config habit); main.ts is a thin
 * adapter over node:util parseArgs, and each command's code is loaded only when it runs, so
 * `sharebench --help` starts without arquero, Arrow or vega.
 */

import type { CommandDef, FlagDef } from './types.js';

export const COMMANDS: CommandDef[] = [
  {
    name: 'run',
    summary: 'run a campaign (envs x fio matrix x repeats) into a dataset, resumably, then analyze it',
    usage:
      'sharebench run <campaign dir or file> [--out DIR] [--env a,b] [--jobs a,b] [--repeats N] ' +
      '[--runtime S] [--size SIZE] [--accel auto|kvm|tcg] [--shard i/n|auto] [--wait] [--failed-ok] [--dry-run]',
    positionals: { min: 1, max: 1 },
    flags: [
      { name: 'out', type: 'string', value: 'DIR', doc: "dataset directory (default: the campaign's directory)" },
      { name: 'env', type: 'string', value: 'A,B', doc: 'only these environments' },
      { name: 'jobs', type: 'string', value: 'A,B', doc: 'only these jobs (names or globs, e.g. "randread-*")' },
      { name: 'repeats', type: 'string', value: 'N', doc: 'repeats per cell, fixed (default: the campaign\'s: a number, or adaptive {min, max, cv})' },
      { name: 'runtime', type: 'string', value: 'S', doc: 'runtime per run, seconds or "2s", "500ms"' },
      { name: 'size', type: 'string', value: 'SIZE', doc: 'file size per job, e.g. "64M"' },
      {
        name: 'accel',
        type: 'string',
        value: 'A',
        doc: "guests' accelerator: auto (KVM only where a probe boot shows it fast), kvm or tcg; overrides the campaign's guest.accel",
      },
      {
        name: 'shard',
        type: 'string',
        value: 'i/n',
        doc:
          "only shard i (0-based) of n: the campaign's job blocks split over n hosts, longest first; " +
          'auto: from SLURM_ARRAY_TASK_ID/_COUNT or CI_NODE_INDEX/_TOTAL',
      },
      { name: 'wait', type: 'boolean', doc: 'queue behind another writer of this dataset, or another campaign measuring on this host, instead of refusing' },
      { name: 'dry-run', type: 'boolean', doc: 'print the plan (cells, runs, estimated time) and stop' },
      {
        name: 'failed-ok',
        type: 'boolean',
        doc: 'exit 0 when some run failed (a failed run is a row with its reason): for pipelines whose report shows failures, as the Nx targets',
      },
    ],
    load: () => import('./commands/run.js'),
  },
  {
    name: 'import',
    summary: 'import fio output files (JSON, json+, terse, legacy logs) into a dataset',
    usage: 'sharebench import <files...> --out <dataset> [--format auto|json|terse|legacy] [--env NAME] [--pair CAND:BASE]',
    positionals: { min: 1 },
    flags: [
      { name: 'out', type: 'string', value: 'DIR', doc: 'dataset directory (created if missing; its name is the campaign)' },
      { name: 'format', type: 'string', value: 'FMT', doc: 'auto (default), json, terse or legacy' },
      { name: 'env', type: 'string', value: 'NAME', doc: "environment of every input (default: a legacy log's TEST_NAME, else the file name)" },
      { name: 'pair', type: 'string', multiple: true, value: 'CAND:BASE', doc: 'also compare env CAND against env BASE in speedups' },
    ],
    load: () => import('./commands/import.js'),
  },
  {
    name: 'analyze',
    summary: 'recompute results/ (runs, summary, speedups) from raw/',
    usage: 'sharebench analyze <dataset>',
    positionals: { min: 1, max: 1 },
    flags: [],
    load: () => import('./commands/analyze.js'),
  },
  {
    name: 'query',
    summary: 'query a result table with arquero expressions',
    usage:
      "sharebench query <dataset> [--table runs|summary|speedups|semantics] [--filter EXPR] [--select a,b] [--groupby a,b --rollup 'name=op(col)'] " +
      '[--orderby a,b] [--limit N] [--format table|csv|json]',
    positionals: { min: 1, max: 1 },
    flags: [
      { name: 'table', type: 'string', value: 'NAME', doc: 'runs, summary (default), speedups or semantics' },
      { name: 'filter', type: 'string', value: 'EXPR', doc: "arquero expression, e.g. \"d => d.fs === 'virtiofs'\"" },
      { name: 'select', type: 'string', value: 'COLS', doc: 'comma-separated columns to show' },
      { name: 'groupby', type: 'string', value: 'COLS', doc: 'comma-separated grouping columns' },
      {
        name: 'rollup',
        type: 'string',
        multiple: true,
        value: 'NAME=OP(COL)',
        doc: "aggregate per group, e.g. 'bw=mean(bw_bytes)' (repeatable or comma-separated)",
      },
      { name: 'orderby', type: 'string', value: 'COLS', doc: 'comma-separated sort columns' },
      { name: 'limit', type: 'string', value: 'N', doc: 'at most N rows' },
      { name: 'format', type: 'string', value: 'FMT', doc: 'table (default), csv or json' },
    ],
    load: () => import('./commands/query.js'),
  },
  {
    name: 'findings',
    summary:
      'the conclusions: per comparison family and metric, cells pooled as a meta-analysis (CI, tau, prediction interval), wins and losses, ' +
      'largest effects',
    usage: 'sharebench findings <dataset> [--format table|csv|json]',
    positionals: { min: 1, max: 1 },
    flags: [
      { name: 'format', type: 'string', value: 'FMT', doc: 'table (the text the report shows; default), csv (one row per comparison and workload) or json' },
    ],
    load: () => import('./commands/findings.js'),
  },
  {
    name: 'compare',
    summary:
      'regression gate: match the cells of baseline datasets and a candidate, ratio with CI per cell (several baselines: run-to-run ' +
      'spread included); exit 1 when one regresses beyond the threshold',
    usage:
      'sharebench compare <baseline>... <candidate> [--baseline-host A --candidate-host B] [--threshold 5%] ' +
      '[--metric bw_bytes|iops|lat_mean_ns|clat_p99_ns|...] [--format table|markdown|json]',
    positionals: { min: 1 },
    flags: [
      { name: 'baseline-host', type: 'string', value: 'HOST_ID', doc: "only the baseline's runs of this host (a merged dataset holds several)" },
      {
        name: 'candidate-host',
        type: 'string',
        value: 'HOST_ID',
        doc: "only the candidate's runs of this host; with one dataset, two of its hosts are compared",
      },
      { name: 'threshold', type: 'string', value: 'PCT', doc: 'smallest change that counts, e.g. 5% (default) or 0.05' },
      { name: 'metric', type: 'string', value: 'NAME', doc: 'bw_bytes (default), iops, lat_mean_ns, clat_mean_ns, clat_p50_ns, clat_p99_ns or clat_p999_ns' },
      { name: 'format', type: 'string', value: 'FMT', doc: 'table (default), markdown or json' },
    ],
    load: () => import('./commands/compare.js'),
  },
  {
    name: 'report',
    summary: 'write a static HTML report (index.html, assets, report.txt) for datasets',
    usage: 'sharebench report <dataset>... --out <folder>',
    positionals: { min: 1 },
    flags: [{ name: 'out', type: 'string', value: 'DIR', doc: 'report folder (index.html, assets/, report.txt)' }],
    load: () => import('./commands/report.js'),
  },
  {
    name: 'merge',
    summary: "merge the shard datasets of a split (or every host's run of a campaign) into one dataset; exit 1 naming a missing or incomplete shard",
    usage: 'sharebench merge --out MERGED [--mode shard|replicate] DATASET...',
    positionals: { min: 1 },
    flags: [
      { name: 'out', type: 'string', value: 'DIR', doc: "the merged dataset (context.json and results/; the inputs' raw/ files are referenced, not copied)" },
      {
        name: 'mode',
        type: 'string',
        value: 'MODE',
        doc: "shard (one study split over hosts) or replicate (every host ran the whole campaign); default: the campaign's mode, else from the inputs",
      },
    ],
    load: () => import('./commands/merge.js'),
  },
  {
    name: 'probe',
    summary: "run the semantics probe alone (what works where) on each of a campaign's environments into a dataset, then analyze it",
    usage: 'sharebench probe <campaign dir or file> --out DIR [--env a,b] [--accel auto|kvm|tcg] [--wait]',
    positionals: { min: 1, max: 1 },
    flags: [
      { name: 'out', type: 'string', value: 'DIR', doc: 'dataset directory for the semantics table (not the campaign\'s own: its runs are not made)' },
      { name: 'env', type: 'string', value: 'A,B', doc: 'only these environments' },
      { name: 'accel', type: 'string', value: 'A', doc: "guests' accelerator: auto, kvm or tcg; overrides the campaign's guest.accel" },
      { name: 'wait', type: 'boolean', doc: 'queue behind another writer of this dataset, or another campaign measuring on this host, instead of refusing' },
    ],
    load: () => import('./commands/probe.js'),
  },
  {
    name: 'doctor',
    summary: 'check what each environment kind needs (QEMU, virtiofsd, fio, busybox, numactl, KVM, root, DAX, guest image)',
    usage: 'sharebench doctor [--fix]',
    positionals: { min: 0, max: 0 },
    flags: [{ name: 'fix', type: 'boolean', doc: 'apt-get install the packages that fix the missing rows (root)' }],
    load: () => import('./commands/doctor.js'),
  },
];

export const GLOBAL_FLAGS: FlagDef[] = [
  { name: 'help', type: 'boolean', short: 'h', doc: 'show help' },
  { name: 'version', type: 'boolean', doc: 'show the version' },
];
