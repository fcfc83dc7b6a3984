import { describe, expect, it } from 'vitest';
import { envMetaFromName, treeRuns } from '@sharebench/analysis';

const ctx = {
  campaign: 'c', env: envMetaFromName('9p-loose'), repeat: 2, source_file: 'raw/runs/9p-loose/tree-walk/r2/stdout.json',
  job: 'tree-walk', kind: 'tree' as const, workload: 'walk', ioengine: 'busybox', numjobs: 1,
  stack: { fio_version: 'fio-3.33', mount: 'sharebench /mnt/share 9p rw 0 0' },
};

describe('analysis/ops/tree-runs', () => {
  it('reads a tree operation\'s result: entries / elapsed seconds', () => {
    const [row, ...more] = treeRuns('{"op":"walk","entries":1021,"elapsed_ms":250}\n', ctx);
    expect(more).toEqual([]);
    expect(row).toMatchObject({ env: '9p-loose', job: 'tree-walk', workload: 'walk', ioengine: 'busybox', direction: 'ops', status: 'ok', repeat: 2 });
    expect(row).toMatchObject({ total_ios: 1021, ops_per_s: 4084, elapsed_ms: 250, bw_bytes: null, iops: null, fio_version: null });
    expect(row!.mount).toBe(ctx.stack.mount);
  });

  it('makes a failed row, saying what it got, of output that is not a result for this operation', () => {
    const outputs = [
      '', 'not json', '{"op":"read","entries":10,"elapsed_ms":5}', '{"op":"walk","entries":0,"elapsed_ms":5}', '{"op":"walk","entries":3,"elapsed_ms":0}',
    ];
    for (const stdout of outputs) {
      const [row] = treeRuns(stdout, ctx);
      expect(row).toMatchObject({ status: 'failed', ops_per_s: null });
      expect(row!.error).toMatch(/the tree operation's output is not \{"op": "walk"/);
    }
  });
});
