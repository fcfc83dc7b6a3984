import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { InputError, replaceDirectory } from '@sharebench/core';
import { writeAssets } from './assets.js';
import { findings, type Findings, type SpeedupRow } from '@sharebench/analysis';
import { formatFindings } from './format-findings.js';
import { formatOpsTable } from './format-ops-table.js';
import { formatSeedTable } from './format-seed-table.js';
import { findingsSection } from './html/findings-section.js';
import { renderPage, type Chart } from './html/page.js';
import { buildLayout } from './model/layout.js';
import { splitByHost } from './model/split-hosts.js';
import { bandwidthSpec } from './specs/bandwidth.js';
import { iopsSpec } from './specs/iops.js';
import { latencySpec } from './specs/latency.js';
import { devloopOpsSpec, opsPerSecondSpec } from './specs/ops-per-second.js';
import { isDevloopRow, isIoRow, isOpsRow, isSmallFilesRow } from './model/families.js';
import { devloopFindings } from './devloop/devloop-findings.js';
import { formatDevloopFindings } from './devloop/format-devloop.js';
import { devloopFindingsSection } from './html/devloop-section.js';
import { formatSemanticsMatrix, semanticsMatrix } from './semantics/semantics-matrix.js';
import { semanticsSection } from './html/semantics-section.js';
import { speedupHeatmapSpec } from './specs/speedup-heatmap.js';
import type { ReportDataset } from './types.js';
import { message } from './messages.js';

// Only a folder holding these is replaced: --out pointed at the wrong folder must not wipe it.
const REPORT_FILES = ['index.html', 'report.txt'];

/**
 * Writes a self-contained report folder: index.html (data and specs embedded, works from file://
 * with no network), assets/ (vega, vega-lite, vega-embed, the page's script and style) and
 * report.txt (the findings as text, every metric, then the seed's text table when there are I/O
 * jobs, then the small-files table when there are metadata or tree jobs). The folder is built beside `outDir` and swapped in by
 * rename, so readers see the old report or the new one, never half of one. An existing `outDir`
 * must be empty or a previous report.
 */
export async function writeReport(datasets: ReportDataset[], outDir: string): Promise<void> {
  if (datasets.length === 0) throw new InputError(message.noDatasets());
  const final = resolve(outDir);
  await checkReplaceable(final);
  const page = buildPage(datasets);
  await replaceDirectory(final, async (tmp) => {
    await mkdir(join(tmp, 'assets'), { recursive: true });
    await writeAssets(join(tmp, 'assets'));
    await writeFile(join(tmp, 'report.txt'), page.text);
    await writeFile(join(tmp, 'index.html'), page.html);
  });
}

/** report.txt: the findings, a blank line, then the seed's table exactly as parse-fio-results.sh printed it. */
export function reportText(findingsText: string, seedTable: string): string {
  return `${findingsText}\n${seedTable}`;
}

/**
 * The findings of each dataset, every metric (bandwidth, operations per second): what the report's
 * first section, report.txt and `sharebench findings` all show, computed here once.
 */
export function reportFindings(datasets: ReadonlyArray<{ name: string; speedups: readonly SpeedupRow[] }>): Array<{ name: string; findings: Findings }> {
  return datasets.map((d) => ({ name: d.name, findings: findings(d.speedups) }));
}

function buildPage(given: readonly ReportDataset[]): { html: string; text: string } {
  // Charts and tables show each host of a merged dataset as a dataset of its own; findings are of the whole.
  const datasets = given.flatMap(splitByHost);
  const layout = buildLayout(datasets);
  const hasOps = datasets.some((d) => d.summary.some(isOpsRow));
  const matrix = semanticsMatrix(datasets, layout.series);
  // A dataset of metadata and tree jobs (or of the semantics probe) alone gets no empty I/O sections, and no empty seed table.
  const showIo = (!hasOps && !(matrix && datasets.every((d) => d.summary.length === 0))) || datasets.some((d) => d.summary.some(isIoRow));
  const seedTable = showIo ? formatSeedTable(datasets) : '';
  const opsTable = formatOpsTable(datasets);
  const found = reportFindings(given);
  const hasSummary = datasets.some((d) => d.summary.some((r) => r.status === 'ok' && isIoRow(r)));
  const hasLatency = datasets.some((d) => d.runs.some((r) => r.status === 'ok' && isIoRow(r) && r.clat_p50_ns !== null && r.clat_p99_ns !== null));
  const hasSpeedups = datasets.some((d) => d.speedups.some((s) => s.metric === 'bw_bytes'));
  const one = (id: string, spec: Chart['parts'][number]['spec'] | null) => (spec ? [{ id, spec }] : []);
  // One heatmap per comparison family (the speedups' `family`): each stays as wide as its own pairs.
  const families = [...new Set(found.flatMap((f) => f.findings.families.filter((x) => x.metric === 'bw_bytes').map((x) => x.family)))];
  const ioCharts: Chart[] = [
    {
      id: 'bandwidth',
      title: 'Bandwidth',
      parts: one('bandwidth', hasSummary ? bandwidthSpec(datasets, layout) : null),
      empty: 'No run produced a bandwidth.',
    },
    { id: 'iops', title: 'IOPS', parts: one('iops', hasSummary ? iopsSpec(datasets, layout) : null), empty: 'No run produced IOPS.' },
    {
      id: 'speedups',
      title: 'Speedups',
      parts: hasSpeedups ? families.map((family) => ({ id: `speedups-${family.replace(/[^A-Za-z0-9_-]/g, '_')}`, spec: speedupHeatmapSpec(datasets, layout, { family }) })) : [],
      empty:
        'No pairs to compare. Pairs are made within a dataset: DAX vs the same configuration without DAX, ' +
        'virtio-fs vs 9p of the same cache class, every configuration vs host, and pairs given with --pair.',
    },
    {
      id: 'latency',
      title: 'Latency',
      parts: one('latency', hasLatency ? latencySpec(datasets, layout) : null),
      empty: 'No run recorded completion-latency percentiles.',
    },
  ];
  const hasSmallFiles = datasets.some((d) => d.summary.some(isSmallFilesRow));
  const hasOpsOk = datasets.some((d) => d.summary.some((r) => isSmallFilesRow(r) && r.n_ok > 0));
  const hasOpsSpeedups = datasets.some((d) => d.speedups.some((s) => s.metric === 'ops_per_s' && isSmallFilesRow(s)));
  const opsCharts: Chart[] = [
    {
      id: 'small-files',
      title: 'Small files and metadata',
      parts: one('small-files', hasOpsOk ? opsPerSecondSpec(datasets, layout) : null),
      empty: 'No metadata or tree run produced operations per second.',
      note: OPS_NOTE,
    },
    {
      id: 'small-files-speedups',
      title: 'Small files and metadata: speedups',
      parts: one('small-files-speedups', hasOpsSpeedups ? speedupHeatmapSpec(datasets, layout, { metric: 'ops_per_s', rows: isSmallFilesRow }) : null),
      empty: 'No pairs to compare (virtio-fs vs 9p of the same cache class, every configuration vs host).',
    },
  ];
  // Findings cover every metric: a dataset of metadata and tree jobs alone opens on them too.
  const hasDevloop = datasets.some((d) => d.summary.some(isDevloopRow));
  const devloopFound = datasets.map((d) => ({ name: d.name, comparisons: devloopFindings(d.speedups) }));
  const hasDevloopOk = datasets.some((d) => d.summary.some((r) => isDevloopRow(r) && r.n_ok > 0));
  const hasDevloopSpeedups = datasets.some((d) => d.speedups.some((s) => s.metric === 'ops_per_s' && isDevloopRow(s)));
  const devloopCharts: Chart[] = [
    {
      id: 'devloop',
      title: 'Developer loops',
      note: DEVLOOP_NOTE,
      intro: devloopFindingsSection(devloopFound),
      parts: one('devloop', hasDevloopOk ? devloopOpsSpec(datasets, layout) : null),
      empty: 'No developer-loop run produced operations per second.',
    },
    {
      id: 'devloop-speedups',
      title: 'Developer loops: speedups',
      parts: one('devloop-speedups', hasDevloopSpeedups ? speedupHeatmapSpec(datasets, layout, { metric: 'ops_per_s', rows: isDevloopRow }) : null),
      empty: 'No pairs to compare (virtio-fs vs 9p of the same cache class, every configuration vs host).',
    },
  ];
  const semanticsCharts: Chart[] = matrix
    ? [{ id: 'semantics', title: 'What works where', note: SEMANTICS_NOTE, intro: semanticsSection(matrix), parts: [], empty: '' }]
    : [];
  const charts = [...(showIo ? ioCharts : []), ...(hasSmallFiles ? opsCharts : []), ...(hasDevloop ? devloopCharts : []), ...semanticsCharts];
  const devloopTable = hasDevloop ? formatOpsTable(datasets, { rows: isDevloopRow, title: 'Developer loops' }) : '';
  const tables = [opsTable, devloopTable].filter(Boolean).join('\n');
  const html = renderPage({ datasets, layout, charts, seedTable, opsTable: tables, findings: findingsSection(found) });
  const devloopText = [formatDevloopFindings(devloopFound), devloopTable].filter(Boolean).join('\n');
  const opening = showIo ? reportText(formatFindings(found), seedTable) : formatFindings(found);
  const text = [opening, devloopText, formatSemanticsMatrix(matrix), opsTable].filter(Boolean).join('\n');
  return { html, text };
}

const DEVLOOP_NOTE =
  'What people do on a shared folder all day, with the real tools: the host\'s git and sqlite3 (a guest carries the same binaries) and busybox, ' +
  'on a workspace generated on the host and laid onto the share untimed. One operation is: git-status-cold, git-status-warm, git-diff: a tracked ' +
  'file checked (cold: caches dropped in the guest and on the host first; warm: right after an untimed status); git-checkout: a file it changed ' +
  '(back to the first commit); git-commit: a path recorded by git add -A && git commit; npm-install: a file extracted from package tarballs by ' +
  'parallel workers; npm-rm: an entry rm -rf node_modules removed; sqlite-insert: a row inserted in WAL mode (in transactions). A tool\'s ' +
  'failure (SQLite\'s WAL needs a shared writable mapping) is a failed cell with the tool\'s own error. The chart leaves the host out ' +
  'when there are guests (its bars would flatten theirs); its numbers are in the tables.';

const SEMANTICS_NOTE =
  'The semantics probe, run once on each configuration\'s share: one small, bounded process per check, each ok (as POSIX and a local ' +
  'file system), fails (the errno), differs (it worked, not as locally) or unsupported (it could not be checked here). The two-sided ' +
  'checks are made from the host\'s side of the share: inotify is a file the host creates while the guest watches; owner_on_host and ' +
  'symlink_on_host are what the host sees of the guest\'s chown and symlink. sqlite_wal is SQLite in WAL mode with the guest\'s own ' +
  'sqlite3. Hover a cell for its evidence.';

const OPS_NOTE =
  'What people feel: many small files. Each run is one operation over many files, with caches dropped (guest and host) before it. ' +
  'fio metadata engines: files created, stat()ed or deleted per second (filestat and filedelete lay their files out first, untimed). ' +
  'File tree (busybox, the same binary in the guest and on the host): untar = entries extracted per second (tar -x of a tarball held in RAM), ' +
  'walk = entries listed per second (find, which lstat()s each), read = files read per second (find -type f -exec cat), ' +
  'delete = entries removed per second (rm -rf).';

async function checkReplaceable(dir: string): Promise<void> {
  const s = await stat(dir).catch(() => null);
  if (!s) return;
  if (!s.isDirectory()) throw new InputError(message.outNotDirectory(dir));
  const entries = await readdir(dir);
  if (entries.length > 0 && !REPORT_FILES.every((f) => entries.includes(f))) {
    throw new InputError(message.outNotReport(dir, REPORT_FILES));
  }
}
