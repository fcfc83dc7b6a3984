/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReport, type ReportDataset } from '@sharebench/report';
import { buildCorpus, HOSTILE, hostileDataset, tempDir, type Corpus } from './helpers.js';

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
}

describe('write-report (headless Chromium, file://)', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let corpus: Corpus;
  let browser: Browser;
  beforeAll(async () => {
    tmp = await tempDir('browser');
    corpus = await buildCorpus(tmp.dir);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await tmp.cleanup();
  });

  /** Writes a report, opens it from file:// and records every request, console message and dialog. */
  async function visit(name: string, datasets: ReportDataset[], hover?: (page: import('playwright-core').Page) => Promise<void>): Promise<Visit> {
    const out = join(tmp.dir, 'reports', name);
    await writeReport(datasets, out);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const v: Visit = { requests: [], console: [], dialogs: [], charts: [], images: 0, failuresText: '', chartText: '' };
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
    const v = await visit('single', [corpus.single]);
    expect(v.charts.map((c) => c.id)).toEqual(['bandwidth', 'iops', 'latency']);
    for (const c of v.charts) expect(c, c.id).toMatchObject({ state: 'drawn', marks: expect.any(Number) });
    expect(Math.min(...v.charts.map((c) => c.marks))).toBeGreaterThan(0);
    expect(v.console).toEqual([]);
    expect(v.requests).toEqual([]);
  });

  it('ten envs x 30 jobs plus every fio fixture combined: all four charts drawn, tooltips show n, mean, sd, CI and samples', async () => {
    let tooltip = '';
    const v = await visit('matrix', [corpus.matrix, corpus.fio, corpus.legacy], async (page) => {
      const bar = page.locator('[data-chart="bandwidth"] .mark-rect [role="graphics-symbol"]').first();
      await bar.scrollIntoViewIfNeeded();
      await bar.hover({ force: true });
      await page.waitForSelector('#vg-tooltip-element.visible', { timeout: 5_000 });
      tooltip = await page.$eval('#vg-tooltip-element', (el) => (el as HTMLElement).innerText);
    });
    expect(v.charts.map((c) => [c.id, c.state])).toEqual([
      ['bandwidth', 'drawn'],
      ['iops', 'drawn'],
      ['speedups', 'drawn'],
      ['latency', 'drawn'],
    ]);
    expect(Math.min(...v.charts.map((c) => c.marks))).toBeGreaterThan(100);
    expect(v.console).toEqual([]);
    expect(v.requests).toEqual([]);
    for (const key of ['ok runs (n)', 'mean', 'sd', '95% CI of the mean', 'samples', 'error bar']) expect(tooltip).toContain(key);
    expect(v.failuresText).toMatch(/ENOSPC/);
  });

  it('every fio 3.33 fixture alone: a cell whose only run failed, client/server hosts, mixed directions, all drawn quietly', async () => {
    const v = await visit('fio', [corpus.fio]);
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
    const v = await visit('hostile', [hostileDataset(corpus.legacy)]);
    expect(v.charts.every((c) => c.state === 'drawn' && c.marks > 0)).toBe(true);
    expect(v.images).toBe(0);
    expect(v.dialogs).toEqual([]);
    expect(v.console).toEqual([]);
    expect(v.requests).toEqual([]);
    expect(v.failuresText).toContain(`fio said ${HOSTILE} "quotes" &amp;`);
    expect(v.chartText).toContain(`${HOSTILE} "quotes" &amp;`);
  });
});
