import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { envMetaFromName, metaRuns, statusRuns } from '@sharebench/analysis';
import { parseFioOutput } from '@sharebench/fio';

const fixture = (name: string) => readFileSync(new URL(`../../../fixtures/metadata/${name}`, import.meta.url), 'utf8');
const ctx = (job: string, workload: string, numjobs: number) => ({
  campaign: 'c', env: envMetaFromName('virtiofs-auto'), repeat: 1, source_file: 'x', job, kind: 'meta' as const, workload, ioengine: workload, numjobs,
  blocksize_bytes: null, iodepth: null,
});

describe('analysis/ops/meta-runs', () => {
  it('turns a real filecreate json+ into one ops row: files per second, per-create latency, no bytes', () => {
    const [row, ...more] = metaRuns(parseFioOutput(fixture('jsonplus-filecreate.json'), 'f', 'json'), ctx('filecreate', 'filecreate', 1));
    expect(more).toEqual([]);
    expect(row).toMatchObject({ job: 'filecreate', workload: 'filecreate', ioengine: 'filecreate', direction: 'ops', status: 'ok', total_ios: 200 });
    expect(row).toMatchObject({ bw_bytes: null, io_bytes: null, blocksize_bytes: null, iodepth: null, elapsed_ms: 82 });
    expect(row!.ops_per_s).toBeCloseTo(200 / 0.082, 3);
    expect(row!.ops_per_s).toBe(row!.iops);
    expect(row!.clat_p50_ns).toBeGreaterThan(0);
    expect(row!.clat_p99_ns).toBeGreaterThan(row!.clat_p50_ns!);
  });

  it('folds numjobs under group_reporting into one row of every job\'s files', () => {
    const rows = metaRuns(parseFioOutput(fixture('jsonplus-filedelete-numjobs2-group.json'), 'f', 'json'), ctx('filedelete-j2', 'filedelete', 2));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ direction: 'ops', numjobs: 2, total_ios: 200, elapsed_ms: 278 });
  });

  it('gives a run that never produced numbers one ops row, not a read row', () => {
    const rows = statusRuns({ ...ctx('filestat', 'filestat', 1) }, { status: 'failed', error: 'the guest was stopped' });
    expect(rows.map((r) => [r.direction, r.status, r.ops_per_s])).toEqual([['ops', 'failed', null]]);
    const tree = statusRuns({ ...ctx('tree-read', 'read', 1), kind: 'tree', ioengine: 'busybox' }, { status: 'interrupted', error: 'not run' });
    expect(tree.map((r) => r.direction)).toEqual(['ops']);
  });
});
