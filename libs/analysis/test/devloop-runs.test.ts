import { describe, expect, it } from 'vitest';
import { devloopRuns, envMetaFromName, statusRuns } from '@sharebench/analysis';

const ctx = {
  campaign: 'c', env: envMetaFromName('virtiofs-never'), repeat: 1, source_file: 'raw/runs/virtiofs-never/git-diff/r1/stdout.json',
  job: 'git-diff', kind: 'devloop' as const, workload: 'git-diff', ioengine: 'git', numjobs: 1, fio_version: 'fio-3.33',
  mount: 'sharebench /mnt/share virtiofs rw 0 0',
};

describe('analysis/rows/devloop-runs', () => {
  it('reads devloop.sh\'s result: entries / elapsed seconds, to the microsecond', () => {
    const [row, ...more] = devloopRuns('{"op":"git-diff","entries":40,"elapsed_ms":761.928}\n', ctx);
    expect(more).toEqual([]);
    expect(row).toMatchObject({ job: 'git-diff', workload: 'git-diff', ioengine: 'git', direction: 'ops', status: 'ok', blocksize_bytes: null });
    expect(row!.ops_per_s).toBeCloseTo(40 / 0.761928, 9);
    expect(row).toMatchObject({ total_ios: 40, elapsed_ms: 761.928, bw_bytes: null, fio_version: null });
  });

  it('makes a failed row of output that is not this operation\'s result, and one ops row for a run without output', () => {
    const [wrong] = devloopRuns('{"op":"git-commit","entries":8,"elapsed_ms":5}', ctx);
    expect(wrong).toMatchObject({ status: 'failed', ops_per_s: null });
    expect(wrong!.error).toMatch(/^the developer-loop operation's output is not \{"op": "git-diff"/);
    // sqlite3's error on a share without shared mmap: the run's reason, one row in direction ops.
    const failed = statusRuns({ ...ctx, job: 'sqlite-insert', workload: 'sqlite-insert', ioengine: 'sqlite3' }, {
      status: 'failed',
      error: 'sqlite-insert failed (exit 1): Runtime error near line 2: disk I/O error (10)',
    });
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ direction: 'ops', status: 'failed', error: expect.stringContaining('disk I/O error') });
  });
});
