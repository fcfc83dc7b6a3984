import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReport, type ReportDataset } from '@sharebench/report';
import { buildCorpus, tempDir } from '@sharebench/report/testing';
import { devloopDataset, ELAPSED_MS, ENTRIES } from './devloop-dataset.js';

// The ratio of mean operations per second, by hand: the other route to what speedups computes.
const meanOpsPerS = (env: string, op: string) => ELAPSED_MS[env]![op]!.reduce((s, ms) => s + ENTRIES[op]! / (ms / 1000), 0) / 3;

describe('write-report (developer loops)', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let devloop: ReportDataset;
  beforeAll(async () => {
    tmp = await tempDir('write-devloop');
    devloop = devloopDataset((await buildCorpus(tmp.dir)).legacy);
  });
  afterAll(() => tmp.cleanup());

  it('opens report.txt on the developer loops: per comparison the geometric mean, per operation its ratio and CI, or why none', async () => {
    const out = join(tmp.dir, 'reports', 'devloop');
    await writeReport([devloop], out);
    const text = await readFile(join(out, 'report.txt'), 'utf8');
    const ratio = meanOpsPerS('virtiofs-never', 'git-status-cold') / meanOpsPerS('9p-none', 'git-status-cold');
    expect(ratio).toBeCloseTo(4, 1);
    // The findings of every metric first (the same function as the report's), then the developer loops' own.
    expect(text).toMatch(/^FINDINGS\n/);
    const lines = text.split('\n');
    const own = lines.findIndex((l) => l.startsWith('Developer loops: candidate ÷ baseline in operations per second'));
    expect(own).toBeGreaterThan(0);
    const at = lines.findIndex((l, i) => i > own && l.startsWith('  virtiofs-never ÷ 9p-none: '));
    const status = /^ {4}git-status-cold +(\S+)× +(\S+)–(\S+) +\*$/.exec(lines[at + 1]!);
    expect(status).not.toBeNull();
    expect(Number(status![1])).toBeCloseTo(ratio, 2);
    expect(Number(status![2])).toBeLessThan(ratio);
    expect(Number(status![3])).toBeGreaterThan(ratio);
    // One operation with a CI: the comparison is that operation, its own interval.
    expect(lines[at]).toBe(`  virtiofs-never ÷ 9p-none: virtiofs-never faster: ${ratio.toPrecision(3)}× (95% CI ${status![2]}–${status![3]}), one operation`);
    expect(lines[at + 2]).toMatch(/^ {4}sqlite-insert +n\/a +failed: virtiofs-never: 3 of 3 runs not ok: .*disk I\/O error \(10\)$/);
    // Each configuration vs the host follows, then the operations table.
    expect(text).toContain('each configuration vs the host (family host)');
    expect(text).toContain('Developer loops: operations per second, mean of the ok repeats');
    expect(text).not.toContain('Small files and metadata');
  });

  it('gives the developer loops their own sections: findings table, chart, heatmap; the failed cell says why on hover', async () => {
    const out = join(tmp.dir, 'reports', 'devloop-html');
    await writeReport([devloop], out);
    const html = await readFile(join(out, 'index.html'), 'utf8');
    const sections = [...html.matchAll(/<section id="([^"]+)">/g)].map((m) => m[1]);
    expect(sections).toEqual(['findings', 'devloop', 'devloop-speedups', 'failures', 'conditions', 'provenance', 'seed-table']);
    const specs = JSON.parse(/<script type="application\/json" id="sharebench-specs">([^<]*)<\/script>/.exec(html)![1]!);
    expect(Object.keys(specs)).toEqual(['devloop', 'devloop-speedups']);
    expect(html).toMatch(/<table class="findings devloop">/);
    expect(html).toMatch(/<td class="none" title="virtiofs-never: 3 of 3 runs not ok: [^"]*disk I\/O error \(10\)">n\/a \(failed\)<\/td>/);
    expect(html).toMatch(/<td class="faster" title="the CI excludes 1">4\.0\d×/);
  });
});
