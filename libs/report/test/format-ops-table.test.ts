import { beforeAll, describe, expect, it } from 'vitest';
import { formatOpsTable, type ReportDataset } from '@sharebench/report';
import { opsDataset, reportFixture } from '@sharebench/report/testing';

describe('format-ops-table', () => {
  const fixture = reportFixture('ops-table');
  let ops: ReportDataset;
  beforeAll(async () => {
    ops = opsDataset(fixture.corpus.legacy);
  });

  it('is empty for datasets of I/O jobs only', () => {
    expect(formatOpsTable([fixture.corpus.legacy, fixture.corpus.matrix])).toBe('');
  });

  it('gives each job a block of configurations with ops/s, its CI, the time, latency and repeats, then the pairs', () => {
    const text = formatOpsTable([ops]);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^Small files and metadata: operations per second/);
    // The host's tree-walk took 40 ms by a whole-millisecond clock: under 100 ticks, flagged.
    expect(lines[1]).toMatch(/^! after ELAPSED: a repeat was timed for under 100 ticks of its clock/);
    expect(lines[3]).toMatch(/^NAME +JOB +OPS\/S +95% CI +ELAPSED +LATENCY P50 \/ P99 +N$/);
    const walk = ops.summary.find((r) => r.env === 'host' && r.job === 'tree-walk')!;
    const line = lines.find((l) => l.startsWith('host ') && l.includes(' tree-walk '))!;
    const mean = walk.ops_per_s_mean!.toFixed(0).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    expect(line).toMatch(new RegExp(`^host +tree-walk +${mean} +[\\d,.]+ – [\\d,.]+ +[\\d.]+ ms ! +– +3/3$`));
    expect(lines.find((l) => l.startsWith('9p-none ') && l.includes(' tree-walk '))).toMatch(/ [\d.]+ ms +– +3\/3$/);
    expect(lines.find((l) => l.startsWith('virtiofs-none ') && l.includes(' filecreate '))).toMatch(/ µs \/ [\d.,]+ [µm]s +3\/3$/);
    expect(lines.find((l) => l.startsWith('9p-none ') && l.includes(' tree-read '))).toMatch(/^9p-none +tree-read +failed +– +– +– +0\/3$/);
    // Jobs in family order: the metadata engines first, then the tree in its operations' order.
    const order = [...new Set(lines.filter((l) => /^(host|virtiofs-none|9p-none) /.test(l)).map((l) => l.split(/ +/)[1]))];
    expect(order).toEqual(['filecreate', 'tree-untar', 'tree-walk', 'tree-read', 'tree-delete']);
    const pairs = text.split('Speedups in operations per second')[1]!;
    expect(pairs).toMatch(/\ntree-walk +virtiofs-none +9p-none +fs +5\.00× +[\d.]+ – [\d.]+ +\*\n/);
    expect(pairs).toMatch(/\ntree-read +virtiofs-none +9p-none +fs +n\/a +failed\n/);
    expect(text.endsWith('\n')).toBe(true);
  });
});
