import { describe, expect, it } from 'vitest';
import type { EntryStats, Measured } from '../../src/records/entry-stats.js';
import { foldEntries } from '../../src/records/fold-entries.js';

function measured(over: Partial<Measured>): Measured {
  return {
    io_bytes: 0, runtime_ms: 0, total_ios: 0, iops: 0, slat: null, clat: null, lat: null,
    clat_percentiles: { p50_ns: 1, p99_ns: 2, p999_ns: 3 }, clat_bins: null, ...over,
  };
}

function entry(over: Partial<EntryStats>): EntryStats {
  return { jobname: 'j', groupid: 0, hostname: null, direction: 'read', errno: 0, options: {}, measured: measured({}), ...over };
}

describe('fio/records/fold-entries', () => {
  it('keeps jobs, groups, hosts and directions apart, in order of first appearance', () => {
    const records = foldEntries([
      entry({ direction: 'write' }),
      entry({ jobname: 'k' }),
      entry({ groupid: 1 }),
      entry({ hostname: 'h' }),
      entry({ direction: 'write' }),
    ]);
    expect(records.map((r) => [r.jobname, r.groupid, r.hostname, r.direction, r.entries])).toEqual([
      ['j', 0, null, 'write', 2],
      ['k', 0, null, 'read', 1],
      ['j', 1, null, 'read', 1],
      ['j', 0, 'h', 'read', 1],
    ]);
  });

  it('merges clone histograms to compute percentiles of the union', () => {
    const a = measured({ io_bytes: 4096 * 50, runtime_ms: 1000, total_ios: 50, clat: { mean_ns: 100, samples: 50 }, clat_bins: { '100': 50 } });
    const b = measured({ io_bytes: 4096 * 150, runtime_ms: 1500, total_ios: 150, clat: { mean_ns: 300, samples: 150 }, clat_bins: { '300': 140, '2048': 10 } });
    const [r] = foldEntries([entry({ measured: a }), entry({ measured: b })]);
    expect(r).toMatchObject({ entries: 2, numjobs: 2, io_bytes: 4096 * 200, total_ios: 200, runtime_ms: 1500, clat_mean_ns: 250 });
    expect(r!.iops).toBeCloseTo(200 / 1.5, 9);
    expect(r!.bw_bytes).toBeCloseTo((4096 * 200) / 1.5, 6);
    // 200 samples: the 100th is in bucket 300, the 198th and 199.8th in bucket 2048.
    expect([r!.clat_p50_ns, r!.clat_p99_ns, r!.clat_p999_ns]).toEqual([300, 2048, 2048]);
    // No samples anywhere: no mean, rather than 0.
    expect(r!.slat_mean_ns).toBeNull();
  });

  it('takes numjobs from the options when they give it', () => {
    const [r] = foldEntries([entry({ options: { numjobs: '8' } })]);
    expect(r).toMatchObject({ entries: 1, numjobs: 8 });
  });

  it('gives null rates for a direction with I/Os but no runtime', () => {
    const [r] = foldEntries([entry({ measured: measured({ total_ios: 1, runtime_ms: 0, iops: null }) })]);
    expect(r).toMatchObject({ status: 'ok', bw_bytes: null, iops: null });
  });
});
