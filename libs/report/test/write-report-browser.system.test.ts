/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReport, type ReportDataset } from '@sharebench/report';
import { HOSTILE, hostileDataset, reportFixture, studyDataset } from '@sharebench/report/testing';
import { devloopDataset } from './devloop-dataset.js';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

interface Visit {
  requests: string[];
  console: string[];
  dialogs: string[];
  charts: Array<{ id: string; state: string | null; marks: number }>;
  images: number;
  failuresText: string;
  chartText: string;
  /** Each chart's drawn width against its frame's, and the findings table's against its frame's, px. */
  widths: Array<{ id: string; drawn: number; frame: number }>;
  /** The first section after the header. */
  firstSection: string;
}

describe('write-report (headless Chromium, file://)', () => {
  const fixture = reportFixture('browser');
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** Writes a report, opens it from file:// and records every request, console message and dialog. */
  async function visit(name: string, datasets: ReportDataset[], hover?: (page: import('playwright-core').Page) => Promise<void>): Promise<Visit> {
    const out = join(fixture.dir, 'reports', name);
    await writeReport(datasets, out);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const v: Visit = { requests: [], console: [], dialogs: [], charts: [], images: 0, failuresText: '', chartText: '', widths: [], firstSection: '' };
    page.on('request', (r) => v.requests.push(r.url()));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') v.console.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => v.console.push(`pageerror: ${e.message}`));
    page.on('dialog', (d) => {
      v.dialogs.push(d.message());
      void d.dismiss();
    });
    try {
      await page.goto(pathToFileURL(join(out, 'index.html')).href);
      await page.waitForFunction(
        () => [...document.querySelectorAll('[data-chart]')].every((el) => ['drawn', 'error'].includes(el.getAttribute('data-state') ?? '')),
        null,
        { timeout: 30_000 },
      );
      v.charts = await page.$$eval('[data-chart]', (els) =>
        els.map((el) => ({
          id: el.getAttribute('data-chart')!,
          state: el.getAttribute('data-state'),
          marks: el.querySelectorAll('svg.marks [role="graphics-symbol"], canvas').length,
        })),
      );
      v.images = await page.$$eval('img', (els) => els.length);
      v.failuresText = await page.$eval('#failures', (el) => el.textContent ?? '');
      v.chartText = await page.$$eval('svg.marks text', (els) => els.map((e) => e.textContent).join('\n'));
      v.widths = await page.$$eval('.chart-frame, .table-frame', (frames) =>
        frames.map((f) => {
          const drawn = f.querySelector('svg.marks') ?? f.querySelector('table');
          const id = f.querySelector('[data-chart]')?.getAttribute('data-chart') ?? 'findings-table';
          return { id, drawn: drawn?.getBoundingClientRect().width ?? 0, frame: f.clientWidth };
        }),
      );
      v.firstSection = await page.$eval('section', (el) => el.id);
      if (hover) await hover(page);
    } finally {
      await page.close();
    }
    const inside = pathToFileURL(out).href + '/';
    // The page, its stylesheet and four scripts at least: proves requests were recorded at all.
    expect(v.requests.length).toBeGreaterThanOrEqual(6);
    v.requests = v.requests.filter((u) => !u.startsWith(inside));
    return v;
  }

  it('one env: draws every chart, logs nothing, requests nothing outside the folder', async () => {
    const v = await visit('single', [fixture.corpus.single]);
    expect(v.charts.map((c) => c.id)).toEqual(['bandwidth', 'iops', 'latency']);
    for (const c of v.charts) expect(c, c.id).toMatchObject({ state: 'drawn', marks: expect.any(Number) });
    expect(Math.min(...v.charts.map((c) => c.marks))).toBeGreaterThan(0);
    expect(v.console).toEqual([]);
    expect(v.requests).toEqual([]);
  });

  it('ten envs x 30 jobs plus every fio fixture combined: every chart drawn, tooltips show n, mean, sd, CI and samples', async () => {
    let tooltip = '';
    const v = await visit('matrix', [fixture.corpus.matrix, fixture.corpus.fio, fixture.corpus.legacy], async (page) => {
      const bar = page.locator('[data-chart="bandwidth"] .mark-rect [role="graphics-symbol"]').first();
      await bar.scrollIntoViewIfNeeded();
      await bar.hover({ force: true });
      await page.waitForSelector('#vg-tooltip-element.visible', { timeout: 5_000 });
      tooltip = await page.$eval('#vg-tooltip-element', (el) => (el as HTMLElement).innerText);
    });
    expect(v.charts.map((c) => [c.id, c.state])).toEqual([
      ['bandwidth', 'drawn'],
      ['iops', 'drawn'],
      ['speedups-fs', 'drawn'],
      ['speedups-host', 'drawn'],
      ['latency', 'drawn'],
    ]);
    expect(Math.min(...v.charts.map((c) => c.marks))).toBeGreaterThan(100);
    expect(v.console).toEqual([]);
    expect(v.requests).toEqual([]);
    for (const key of ['ok runs (n)', 'mean', 'sd', '95% CI of the mean', 'samples', 'error bar']) expect(tooltip).toContain(key);
    expect(v.failuresText).toMatch(/ENOSPC/);
  });

  it("the study's 21 configurations: one heatmap per family, every chart and table whole within the page, drawn quietly", async () => {
    const study = studyDataset(fixture.corpus.legacy);
    expect(study.context.envs).toHaveLength(21);
    const v = await visit('study', [study]);
    expect(v.firstSection).toBe('findings');
    expect(v.charts.map((c) => [c.id, c.state])).toEqual([
      ['bandwidth', 'drawn'],
      ['iops', 'drawn'],
      ['speedups-fs', 'drawn'],
      ['speedups-dax', 'drawn'],
      ['speedups-host', 'drawn'],
      ['latency', 'drawn'],
    ]);
    expect(Math.min(...v.charts.map((c) => c.marks))).toBeGreaterThan(100);
    // At a 1400 px window nothing is wider than the page: no cut-off edge, no scrolling needed.
    expect(v.widths.length).toBe(9);
    for (const w of v.widths) expect(w.drawn, w.id).toBeLessThanOrEqual(w.frame);
    expect(v.console).toEqual([]);
    expect(v.requests).toEqual([]);
  });

  it('the legacy logs: the page opens on the findings, virtiofs ÷ sshfs per workload', async () => {
    let findings = '';
    const v = await visit('legacy', [fixture.corpus.legacy], async (page) => {
      findings = await page.$eval('#findings', (el) => (el as HTMLElement).innerText);
    });
    expect(v.firstSection).toBe('findings');
    expect(findings).toMatch(/virtiofs ÷ sshfs\s+7\.46×\s+5\.03–11\.1\s+virtiofs faster on average; individual workloads vary\s+35 \/ 0 \/ 1/);
    expect(findings).toMatch(/randrw · write/);
    expect(v.console).toEqual([]);
  });

  it('every fio 3.33 fixture alone: a cell whose only run failed, client/server hosts, mixed directions, all drawn quietly', async () => {
    const v = await visit('fio', [fixture.corpus.fio]);
    expect(v.charts.map((c) => [c.id, c.state])).toEqual([
      ['bandwidth', 'drawn'],
      ['iops', 'drawn'],
      ['latency', 'drawn'],
    ]);
    expect(Math.min(...v.charts.map((c) => c.marks))).toBeGreaterThan(0);
    expect(v.console).toEqual([]);
    expect(v.requests).toEqual([]);
    expect(v.chartText).toContain('×');
  });

  it('hostile env, job, mount, error and host names render as text and run nothing', async () => {
    const v = await visit('hostile', [hostileDataset(fixture.corpus.legacy)]);
    expect(v.charts.every((c) => c.state === 'drawn' && c.marks > 0)).toBe(true);
    expect(v.images).toBe(0);
    expect(v.dialogs).toEqual([]);
    expect(v.console).toEqual([]);
    expect(v.requests).toEqual([]);
    expect(v.failuresText).toContain(`fio said ${HOSTILE} "quotes" &amp;`);
    expect(v.chartText).toContain(`${HOSTILE} "quotes" &amp;`);
  });

  it('developer loops and what works where: their charts drawn quietly, tables within the page, evidence as text on hover', async () => {
    const devloop = devloopDataset(fixture.corpus.legacy);
    devloop.semantics = [
      { env: 'virtiofs-never', check: 'mmap_shared_write', result: 'fails', errno: 'ENODEV', detail: `mmap(MAP_SHARED): No such device ${HOSTILE}` },
      { env: '9p-none', check: 'mmap_shared_write', result: 'ok', errno: null, detail: '4096 bytes stored through MAP_SHARED' },
    ];
    let title = '';
    const v = await visit('devloop', [devloop], async (page) => {
      title = await page.$eval('table.semantics td.sem-fails', (el) => el.getAttribute('title') ?? '');
    });
    expect(v.charts.map((c) => [c.id, c.state])).toEqual([
      ['devloop', 'drawn'],
      ['devloop-speedups', 'drawn'],
    ]);
    expect(Math.min(...v.charts.map((c) => c.marks))).toBeGreaterThan(0);
    for (const w of v.widths) expect(w.drawn, w.id).toBeLessThanOrEqual(w.frame);
    expect(title).toBe(`ENODEV: mmap(MAP_SHARED): No such device ${HOSTILE}`);
    expect(v.images).toBe(0);
    expect(v.dialogs).toEqual([]);
    expect(v.console).toEqual([]);
    expect(v.requests).toEqual([]);
  });
});
