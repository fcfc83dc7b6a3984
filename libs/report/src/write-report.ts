import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { InputError, replaceDirectory } from '@sharebench/core';
import { writeAssets } from './assets.js';
import { formatSeedTable } from './format-seed-table.js';
import { renderPage, type Chart } from './html/page.js';
import { buildLayout } from './model/layout.js';
import { bandwidthSpec } from './specs/bandwidth.js';
import { iopsSpec } from './specs/iops.js';
import { latencySpec } from './specs/latency.js';
import { speedupHeatmapSpec } from './specs/speedup-heatmap.js';
import type { ReportDataset } from './types.js';

// Only a folder holding these is replaced: --out pointed at the wrong folder must not wipe it.
const REPORT_FILES = ['index.html', 'report.txt'];

/**
 * Writes a self-contained report folder: index.html (data and specs embedded, works from file://
 * with no network), assets/ (vega, vega-lite, vega-embed, the page's script and style) and
 * report.txt (the seed's text table). The folder is built beside `outDir` and swapped in by
 * rename, so readers see the old report or the new one, never half of one. An existing `outDir`
 * must be empty or a previous report.
 */
export async function writeReport(datasets: ReportDataset[], outDir: string): Promise<void> {
  if (datasets.length === 0) throw new InputError('report: no datasets given; usage: sharebench report <dataset>... --out <folder>');
  const final = resolve(outDir);
  await checkReplaceable(final);
  const page = buildPage(datasets);
  await replaceDirectory(final, async (tmp) => {
    await mkdir(join(tmp, 'assets'), { recursive: true });
    await writeAssets(join(tmp, 'assets'));
    await writeFile(join(tmp, 'report.txt'), page.seedTable);
    await writeFile(join(tmp, 'index.html'), page.html);
  });
}

function buildPage(datasets: readonly ReportDataset[]): { html: string; seedTable: string } {
  const layout = buildLayout(datasets);
  const seedTable = formatSeedTable(datasets);
  const hasSummary = datasets.some((d) => d.summary.some((r) => r.status === 'ok'));
  const hasLatency = datasets.some((d) => d.runs.some((r) => r.status === 'ok' && r.clat_p50_ns !== null && r.clat_p99_ns !== null));
  const hasSpeedups = datasets.some((d) => d.speedups.length > 0);
  const charts: Chart[] = [
    { id: 'bandwidth', title: 'Bandwidth', spec: hasSummary ? bandwidthSpec(datasets, layout) : null, empty: 'No run produced a bandwidth.' },
    { id: 'iops', title: 'IOPS', spec: hasSummary ? iopsSpec(datasets, layout) : null, empty: 'No run produced IOPS.' },
    {
      id: 'speedups',
      title: 'Speedups',
      spec: hasSpeedups ? speedupHeatmapSpec(datasets, layout) : null,
      empty:
        'No pairs to compare. Pairs are made within a dataset: DAX vs the same configuration without DAX, ' +
        'virtio-fs vs 9p of the same cache class, every configuration vs host, and pairs given with --pair.',
    },
    { id: 'latency', title: 'Latency', spec: hasLatency ? latencySpec(datasets, layout) : null, empty: 'No run recorded completion-latency percentiles.' },
  ];
  return { html: renderPage({ datasets, layout, charts, seedTable }), seedTable };
}

async function checkReplaceable(dir: string): Promise<void> {
  const s = await stat(dir).catch(() => null);
  if (!s) return;
  if (!s.isDirectory()) throw new InputError(`--out ${dir}: exists and is not a directory; choose a folder for the report`);
  const entries = await readdir(dir);
  if (entries.length > 0 && !REPORT_FILES.every((f) => entries.includes(f))) {
    throw new InputError(
      `--out ${dir}: exists and is not a sharebench report (no ${REPORT_FILES.join(' and ')}); it would be replaced, so choose an empty or new folder`,
    );
  }
}
