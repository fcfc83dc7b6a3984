/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReport } from '@sharebench/report';
import { opsDataset, reportFixture } from '@sharebench/report/testing';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'];

describe('write-report, metadata and tree jobs (headless Chromium, file://)', () => {
  const fixture = reportFixture('browser-ops');
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('draws the operations chart and heatmap beside the I/O ones, quietly, with per-operation tooltips', async () => {
    const out = join(fixture.dir, 'reports', 'ops');
    await writeReport([fixture.corpus.legacy, opsDataset(fixture.corpus.legacy)], out);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    try {
      await page.goto(pathToFileURL(join(out, 'index.html')).href);
      await page.waitForFunction(
        () => [...document.querySelectorAll('[data-chart]')].every((el) => ['drawn', 'error'].includes(el.getAttribute('data-state') ?? '')),
        null,
        { timeout: 30_000 },
      );
      const charts = await page.$$eval('[data-chart]', (els) =>
        els.map((el) => {
          const marks = el.querySelectorAll('svg.marks [role="graphics-symbol"]').length;
          return [el.getAttribute('data-chart'), el.getAttribute('data-state'), marks > 0];
        }),
      );
      expect(charts.filter((c) => String(c[0]).startsWith('small-files'))).toEqual([
        ['small-files', 'drawn', true],
        ['small-files-speedups', 'drawn', true],
      ]);
      expect(charts.every((c) => c[1] === 'drawn')).toBe(true);
      const bar = page.locator('[data-chart="small-files"] .mark-rect [role="graphics-symbol"]').first();
      await bar.scrollIntoViewIfNeeded();
      await bar.hover({ force: true });
      await page.waitForSelector('#vg-tooltip-element.visible', { timeout: 5_000 });
      const tooltip = await page.$eval('#vg-tooltip-element', (el) => (el as HTMLElement).innerText);
      for (const key of ['ok runs (n)', 'mean', '95% CI of the mean', 'samples', 'time of the operation', 'latency per operation (fio)']) {
        expect(tooltip).toContain(key);
      }
      expect(tooltip).toMatch(/ops\/s/);
    } finally {
      await page.close();
    }
    expect(problems).toEqual([]);
  });
});
