import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatOpsTable, formatSeedTable, writeReport, type ReportDataset } from '@sharebench/report';
import { opsDataset, reportFixture } from '@sharebench/report/testing';

describe('write-report (metadata and tree jobs)', () => {
  const fixture = reportFixture('write-ops');
  let ops: ReportDataset;
  beforeAll(async () => {
    ops = opsDataset(fixture.corpus.legacy);
  });

  it('adds the small-files section and table after the I/O ones, leaving the seed table as it was', async () => {
    const out = join(fixture.dir, 'reports', 'both');
    await writeReport([fixture.corpus.legacy, ops], out);
    const text = await readFile(join(out, 'report.txt'), 'utf8');
    // The findings first, then the seed table as it was, then the small-files table.
    expect(text).toMatch(/^FINDINGS\n/);
    expect(text.endsWith(`\n${formatSeedTable([fixture.corpus.legacy, ops])}\n${formatOpsTable([fixture.corpus.legacy, ops])}`)).toBe(true);
    expect(formatSeedTable([fixture.corpus.legacy, ops])).toBe(formatSeedTable([fixture.corpus.legacy]));
    const html = await readFile(join(out, 'index.html'), 'utf8');
    const sections = [...html.matchAll(/<section id="([^"]+)">/g)].map((m) => m[1]);
    expect(sections).toEqual([
      'findings', 'bandwidth', 'iops', 'speedups', 'latency', 'small-files', 'small-files-speedups', 'failures', 'conditions', 'provenance', 'seed-table',
    ]);
    expect(html).toContain('id="ops-table"');
    const specs = JSON.parse(/<script type="application\/json" id="sharebench-specs">([^<]*)<\/script>/.exec(html)![1]!);
    expect(Object.keys(specs)).toEqual(['bandwidth', 'iops', 'speedups-fs', 'latency', 'small-files', 'small-files-speedups']);
  });

  it('shows a dataset of operations alone without empty I/O sections; it opens on findings in operations per second, its report.txt too', async () => {
    const out = join(fixture.dir, 'reports', 'ops');
    await writeReport([ops], out);
    const text = await readFile(join(out, 'report.txt'), 'utf8');
    expect(text).toMatch(/^FINDINGS\n/);
    // Every repeat of virtiofs-none is 5 times as fast as 9p-none's (opsDataset's speeds 4 and 20).
    expect(text).toMatch(/^virtio-fs vs 9p .*\(family fs\) · operations per second, ops\/s$/m);
    expect(text).toMatch(/^ {2}virtiofs-none ÷ 9p-none: virtiofs-none faster: 5\.00× \(95% CI [\d.]+–[\d.]+\)/m);
    expect(text).toMatch(/^ {4}tree-walk +5\.00× /m);
    expect(text).not.toMatch(/bandwidth, bytes\/s/);
    expect(text.endsWith(`\n${formatOpsTable([ops])}`)).toBe(true);
    const html = await readFile(join(out, 'index.html'), 'utf8');
    const sections = [...html.matchAll(/<section id="([^"]+)">/g)].map((m) => m[1]);
    expect(sections).toEqual(['findings', 'small-files', 'small-files-speedups', 'failures', 'conditions', 'provenance', 'seed-table']);
    expect(html).toMatch(/<div class="family" data-family="fs" data-metric="ops_per_s">/);
    expect(html).not.toContain('parse-fio-results.sh');
    // The failed cell is listed with its reason.
    expect(html).toMatch(/tree-read[^]*the tree operation&#39;s output is not|tree-read[^]*the tree operation's output is not/);
  });
});
