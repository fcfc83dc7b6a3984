import { describe, expect, it } from 'vitest';
import { summarize, speedups, defaultPairs, envMetaFromName, classifyError, type RunRow } from '@sharebench/analysis';

function run(env: string, repeat: number, over: Partial<RunRow> = {}): RunRow {
  const m = envMetaFromName(env);
  return {
    campaign: 'c', host_id: null, env, fs: m.fs, cache: m.cache, dax: m.dax, numa: m.numa,
    job: 'randread-psync', workload: 'randread', ioengine: 'psync', numjobs: 1, blocksize_bytes: 4096, iodepth: 16,
    repeat, shard: null, boot_id: null, direction: 'read', status: 'ok', errno: null, error: null,
    bw_bytes: 100, iops: 10, runtime_ms: 1000, io_bytes: 100, total_ios: 10,
    lat_mean_ns: 1000, clat_mean_ns: 900, clat_p50_ns: 800, clat_p99_ns: 2000, clat_p999_ns: 3000,
    mount: null, accel: null, fio_version: 'fio-3.33', daemon: null, daemon_version: null, qemu_version: null, guest_kernel: null, direct_ignored: null,
    ops_per_s: null, elapsed_ms: null, hostname: null, host_load1: null, host_busy_ratio: null, host_cache_dropped: null, source_file: 'x', ...over,
  };
}

describe('analysis/ops/summarize', () => {
  it('folds repeats into mean, spread and samples in repeat order', () => {
    const [s] = summarize([run('host', 2, { bw_bytes: 120 }), run('host', 1, { bw_bytes: 100 }), run('host', 3, { bw_bytes: 110 })]);
    expect(s).toMatchObject({ env: 'host', n: 3, n_ok: 3, status: 'ok', error: null, bw_bytes_mean: 110, bw_bytes_min: 100, bw_bytes_max: 120 });
    expect(s!.bw_bytes_samples).toEqual([100, 120, 110]);
    expect(s!.bw_bytes_sd).toBeCloseTo(10, 10);
    expect(s!.bw_bytes_ci95_lo! < 110 && s!.bw_bytes_ci95_hi! > 110).toBe(true);
  });
  it('never averages a failed repeat as 0', () => {
    const [s] = summarize([
      run('host', 1, { bw_bytes: 100 }),
      run('host', 2, { status: 'failed', errno: 5, error: 'fio reported EIO (Input/output error)', bw_bytes: null, iops: null }),
      run('host', 3, { bw_bytes: 120 }),
    ]);
    expect(s).toMatchObject({ n: 3, n_ok: 2, status: 'ok', bw_bytes_mean: 110 });
    expect(s!.error).toBe('1 of 3 runs not ok: fio reported EIO (Input/output error)');
  });
  it('keeps the status and reason of a cell with no ok repeat', () => {
    const why = 'mmap is not supported on virtiofs with cache=none';
    const rows = [1, 2, 3].map((r) => run('virtiofs-none', r, { ioengine: 'mmap', status: 'unsupported', error: why, bw_bytes: null, iops: null }));
    const [s] = summarize(rows);
    expect(s).toMatchObject({ status: 'unsupported', n: 3, n_ok: 0, bw_bytes_mean: null, iops_mean: null });
    expect(s!.error).toContain(why);
    expect(s!.bw_bytes_samples).toEqual([]);
  });
});

describe('analysis/ops/speedups', () => {
  const envs = ['host', 'virtiofs-none', 'virtiofs-none-dax', 'virtiofs-auto', '9p-none', '9p-mmap', '9p-loose', 'virtiofs-auto-node0'].map(envMetaFromName);
  it('derives the seed study pairs from env metadata', () => {
    const pairs = defaultPairs(envs).map((p) => `${p.pair}:${p.candidate}/${p.baseline}`);
    expect(pairs).toContain('dax:virtiofs-none-dax/virtiofs-none');
    expect(pairs).toContain('fs:virtiofs-none/9p-none');
    expect(pairs).toContain('fs:virtiofs-none-dax/9p-none');
    expect(pairs).toContain('fs:virtiofs-auto/9p-mmap');
    expect(pairs).toContain('host:9p-loose/host');
    expect(pairs).not.toContain('fs:virtiofs-auto-node0/9p-mmap'); // different NUMA pinning
    expect(pairs).not.toContain('host:host/host');
  });
  it('gives a ratio of means with a CI and says when it excludes 1', () => {
    const s = summarize([
      ...[100, 102, 98].map((b, i) => run('host', i + 1, { bw_bytes: b })),
      ...[200, 204, 196].map((b, i) => run('virtiofs-auto', i + 1, { bw_bytes: b })),
      ...[101, 99, 100].map((b, i) => run('9p-mmap', i + 1, { bw_bytes: b })),
    ]);
    const rows = speedups(s, defaultPairs(['host', 'virtiofs-auto', '9p-mmap'].map(envMetaFromName)));
    const fs = rows.find((r) => r.pair === 'fs')!;
    expect(fs).toMatchObject({ candidate: 'virtiofs-auto', baseline: '9p-mmap', status: 'ok', significant: true, candidate_n: 3 });
    expect(fs.ratio).toBeCloseTo(2, 10);
    expect(fs.log2_ratio).toBeCloseTo(1, 10);
    expect(fs.ratio_ci95_lo!).toBeLessThan(2);
    expect(fs.ratio_ci95_hi!).toBeGreaterThan(2);
    // By hand: sd 4 on mean 200, sd 1 on mean 100, n = 3: se² = 16/(3·200²) + 1/(3·100²) = 1/6000,
    // Welch df = (1/6000)² / ((1/7500)²/2 + (1/30000)²/2) = 50/17.
    expect(fs.log_ratio_se!).toBeCloseTo(Math.sqrt(1 / 6000), 12);
    expect(fs.ratio_df!).toBeCloseTo(50 / 17, 10);
    const same = rows.find((r) => r.candidate === '9p-mmap' && r.baseline === 'host')!;
    expect(same.significant).toBe(false);
    expect(same.ratio_ci95_lo!).toBeLessThan(1);
  });
  it('has no ratio, but a status and reason, when one side has no numbers', () => {
    const s = summarize([
      run('virtiofs-none', 1, { status: 'unsupported', error: 'mmap unsupported', bw_bytes: null }),
      run('9p-none', 1, { bw_bytes: 50 }),
    ]);
    const [row] = speedups(s, defaultPairs(['virtiofs-none', '9p-none'].map(envMetaFromName)));
    expect(row).toMatchObject({ ratio: null, significant: null, status: 'unsupported' });
    expect(row!.error).toContain('mmap unsupported');
  });
});

describe('analysis/ops/classify-error', () => {
  it('calls a refused shared mapping unsupported, with a reason', () => {
    const c = classifyError({ errno: 19, ioengine: 'mmap', fs: 'virtiofs', cache: 'none' });
    expect(c.status).toBe('unsupported');
    expect(c.error).toMatch(/mmap is not supported on virtiofs with cache=none.*ENODEV/);
  });
  it('calls other errors failed with errno and name', () => {
    expect(classifyError({ errno: 28, ioengine: 'psync', fs: 'virtiofs', cache: 'auto' })).toEqual({
      status: 'failed',
      error: 'fio reported ENOSPC (No space left on device)',
    });
    expect(classifyError({ errno: 19, ioengine: 'mmap', fs: 'host', cache: null }).status).toBe('failed');
  });
});

describe('analysis/ops/env-meta-from-name', () => {
  it('reads the naming convention', () => {
    expect(envMetaFromName('virtiofs-auto-dax-node1')).toEqual({ name: 'virtiofs-auto-dax-node1', fs: 'virtiofs', cache: 'auto', dax: true, numa: 1 });
    expect(envMetaFromName('9p-loose')).toEqual({ name: '9p-loose', fs: '9p', cache: 'loose', dax: false, numa: null });
    expect(envMetaFromName('host')).toEqual({ name: 'host', fs: 'host', cache: null, dax: false, numa: null });
    expect(envMetaFromName('vtfs-node-cache-none-dax-16G')).toMatchObject({ fs: 'virtiofs', cache: 'none', dax: true, numa: 0 });
    expect(envMetaFromName('mystery')).toMatchObject({ fs: 'other', cache: null });
  });
});

describe('analysis/ops/speedups (metadata and tree jobs)', () => {
  it('compares operations per second where the rows count operations, with the same CI', () => {
    const walk = { job: 'tree-walk', workload: 'walk', ioengine: 'busybox', direction: 'ops', bw_bytes: null, iops: null };
    const tree = (env: string, repeat: number, ops: number) => run(env, repeat, { ...walk, ops_per_s: ops, elapsed_ms: 1e6 / ops });
    const s = summarize([...[50, 52, 48].map((o, i) => tree('9p-none', i + 1, o)), ...[400, 410, 390].map((o, i) => tree('virtiofs-none', i + 1, o))]);
    expect(s.find((r) => r.env === '9p-none')).toMatchObject({ ops_per_s_mean: 50, ops_per_s_samples: [50, 52, 48], elapsed_ms_mean: expect.any(Number) });
    const [fs] = speedups(s, defaultPairs(['virtiofs-none', '9p-none'].map(envMetaFromName)));
    expect(fs).toMatchObject({ metric: 'ops_per_s', pair: 'fs', candidate: 'virtiofs-none', baseline: '9p-none', ratio: 8 });
    expect(fs).toMatchObject({ candidate_mean: 400, baseline_mean: 50, candidate_n: 3, baseline_n: 3 });
    expect(fs!.significant).toBe(true);
    expect(fs!.ratio_ci95_lo! < 8 && fs!.ratio_ci95_hi! > 8).toBe(true);
    const failed = summarize([tree('virtiofs-none', 1, 400), run('9p-none', 1, { ...walk, status: 'failed', error: 'tar: short read' })]);
    expect(speedups(failed, defaultPairs(['virtiofs-none', '9p-none'].map(envMetaFromName)))[0]).toMatchObject({
      metric: 'ops_per_s',
      ratio: null,
      status: 'failed',
      error: expect.stringMatching(/9p-none has no operations per second for tree-walk ops: .*tar: short read/),
    });
  });
});
