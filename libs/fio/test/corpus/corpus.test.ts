import { describe, expect, it } from 'vitest';
import { parseFioOutput, type FioRecord, type FioResult } from '@sharebench/fio';
import { fixture } from '../fixture.js';

/**
 * Real fio outputs from public repositories (fixtures/corpus, provenance in fixtures/README.md),
 * fio 2.1 to 3.43. Every expected number below was read off the file itself (with jq or awk on
 * the raw fields, units converted by hand: fio before 2.21 writes io_bytes in KiB and before 3.0
 * latencies in us), never taken from this parser.
 */

const KiB = 1024;

function record(result: FioResult, direction: string, jobname?: string, hostname: string | null = null): FioRecord {
  const found = result.records.filter((r) => r.direction === direction && r.hostname === hostname && (jobname === undefined || r.jobname === jobname));
  expect(found).toHaveLength(1);
  return found[0]!;
}

/** fio's own bw_bytes (B/s) is io_bytes * 1000 / runtime truncated; the record keeps the exact rate. */
const fioBwBytes = (r: FioRecord) => Math.floor(r.bw_bytes!);
/** fio's bw (KiB/s), the only rate fio before 3.2 prints. */
const fioBwKiB = (r: FioRecord) => Math.floor(r.bw_bytes! / KiB);
const parse = (path: string) => parseFioOutput(fixture(`corpus/${path}`), path);

describe('fio/corpus', () => {
  describe('fio 2.x JSON: io_bytes in KiB, latencies in us under clat/lat, no bw_bytes', () => {
    it('fio-2.1.4 (PerfKitBenchmarker): five jobs, no job options, integer iops, 2-decimal floats', () => {
      const result = parse('GoogleCloudPlatform/PerfKitBenchmarker/fio-parser-sample-result.json');
      expect(result).toMatchObject({ format: 'json', fioVersion: 'fio-2.1.4', warnings: [] });
      expect(result.records.map((r) => [r.jobname, r.direction])).toEqual([
        ['sequential_write', 'write'],
        ['sequential_read', 'read'],
        ['random_write_test', 'write'],
        ['random_read_test', 'read'],
        ['random_read_test_parallel', 'read'],
      ]);
      const w = record(result, 'write', 'sequential_write');
      // "io_bytes" : 361984 (KiB), "bw" : 68118 (KiB/s), "runtime" : 5314, clat mean 477734.84 us, p99 823296 us.
      expect(w).toMatchObject({ io_bytes: 361984 * KiB, runtime_ms: 5314, iops: 133, total_ios: null, clat_mean_ns: 477734840, clat_p99_ns: 823296000 });
      expect(fioBwKiB(w)).toBe(68118);
      const r = record(result, 'read', 'sequential_read');
      expect(r).toMatchObject({ io_bytes: 361984 * KiB, runtime_ms: 2788, iops: 253, clat_mean_ns: 250667060, lat_mean_ns: 250770050, clat_p99_ns: 473088000 });
      expect(fioBwKiB(r)).toBe(129836);
      expect(fioBwKiB(record(result, 'write', 'random_write_test'))).toBe(6443);
      expect(record(result, 'write', 'random_write_test')).toMatchObject({ clat_mean_ns: 587020, clat_p99_ns: 1688000 });
      expect(fioBwKiB(record(result, 'read', 'random_read_test'))).toBe(1269);
      expect(fioBwKiB(record(result, 'read', 'random_read_test_parallel'))).toBe(1292);
    });

    it('fio-2.17 (PerfKitBenchmarker): group_reporting numjobs=2, a duplicate "filename" key in global options', () => {
      const result = parse('GoogleCloudPlatform/PerfKitBenchmarker/pkb-7fb0c9d8-0_fio.json');
      expect(result.fioVersion).toBe('fio-2.17');
      const r = record(result, 'read');
      // total_ios 80891 x 16 KiB blocks = 1294256, the KiB "io_bytes" printed.
      expect(r).toMatchObject({
        jobname: 'rand_16k_read_100%-io-depth-1-num-jobs-2', numjobs: 2, io_bytes: 80891 * 16 * KiB, runtime_ms: 10003, total_ios: 80891,
        iops: 8086.673998,
      });
      expect(r).toMatchObject({ clat_mean_ns: 238357.679, lat_mean_ns: 245531.122, clat_p99_ns: 1352000 });
      expect(fioBwKiB(r)).toBe(129386);
      const w = record(result, 'write');
      expect(w).toMatchObject({ io_bytes: 393280 * KiB, runtime_ms: 10004, iops: 2457.017193, clat_p99_ns: 2384000 });
      expect(fioBwKiB(w)).toBe(39312);
    });

    it('fio-2.18-59-g618e (fio-plot): numjobs=64 group_reporting, percentile padding "0.00" x3 (duplicate keys)', () => {
      const result = parse('louwrentius/fio-plot/randread-01-64.json');
      const r = record(result, 'read');
      expect(r).toMatchObject({ numjobs: 64, io_bytes: 19564 * KiB, runtime_ms: 10258, total_ios: 4891, iops: 476.798596 });
      expect(r).toMatchObject({ clat_mean_ns: 131963750.767, lat_mean_ns: 131978623.799, clat_p99_ns: 774144000 });
      expect(fioBwKiB(r)).toBe(1907);
    });
  });

  describe('fio 3.x JSON', () => {
    it('fio-3.1 (virt-perf-scripts): ns latencies and io_bytes in bytes (io_kbytes present) but no bw_bytes; json+ between normal output', () => {
      const result = parse('schrht/virt-perf-scripts/gen1_SCSI_fs_randrw_64k_1_mnt2tmp_2.fiolog');
      expect(result).toMatchObject({ format: 'json+', fioVersion: 'fio-3.1' });
      const r = record(result, 'read');
      expect(r).toMatchObject({ numjobs: 16, io_bytes: 34584133632, runtime_ms: 60002, total_ios: 527712, iops: 8794.906836, clat_p99_ns: 4620288 });
      expect(fioBwKiB(r)).toBe(562874);
      expect(fioBwKiB(record(result, 'write'))).toBe(562832);
      expect(r.options['description']).toMatch(/^\{'/);
    });

    it('fio-3.2 (virt-perf-scripts): json+ with an empty trim "bins" object, numjobs=4', () => {
      const result = parse('schrht/virt-perf-scripts/randrw-test.fiolog');
      expect(result).toMatchObject({ format: 'json+', fioVersion: 'fio-3.2' });
      const r = record(result, 'read');
      expect(r).toMatchObject({
        numjobs: 4, io_bytes: 5568757760, runtime_ms: 10006, iops: 16984.309414, clat_p50_ns: 2088960, clat_p99_ns: 7176192, clat_p999_ns: 10289152,
      });
      expect(fioBwBytes(r)).toBe(556541850);
      expect(fioBwBytes(record(result, 'write'))).toBe(556129221);
    });

    it('fio-3.6-31-g4386 (fio-plot): numjobs=8 without group_reporting, eight entries named alike, summed', () => {
      const result = parse('louwrentius/fio-plot/randwrite-1-8.json');
      expect(result.records).toHaveLength(1);
      const w = record(result, 'write');
      // jq: sum of the 8 write io_bytes 30765056, of total_ios 7511; longest runtime 60088.
      expect(w).toMatchObject({ jobname: 'random-io', entries: 8, numjobs: 8, io_bytes: 30765056, total_ios: 7511, runtime_ms: 60088 });
      expect(w.bw_bytes).toBeCloseTo((30765056 * 1000) / 60088, 6);
      expect(w.iops).toBeCloseTo((7511 * 1000) / 60088, 9);
      // Percentiles of a union need histograms; fio printed none.
      expect(w.clat_p99_ns).toBeNull();
    });

    it('fio-3.12 (fio-results-tmp): two copies of the document with shell text between; no extension', () => {
      const result = parse('Arau/fio-results-tmp/writes-100-0');
      expect(result.records).toHaveLength(1);
      const w = record(result, 'write');
      expect(w).toMatchObject({ io_bytes: 4294967296, runtime_ms: 2293544, total_ios: 1048576, iops: 457.18591, clat_p99_ns: 708837376 });
      expect(fioBwBytes(w)).toBe(1872633);
      const rw = parse('Arau/fio-results-tmp/out-rand-50rw32k.fio-0');
      expect(fioBwBytes(record(rw, 'read'))).toBe(7402092);
      expect(record(rw, 'read')).toMatchObject({ iops: 225.893944, clat_p50_ns: 2113536, clat_p99_ns: 624951296 });
      expect(fioBwBytes(record(rw, 'write'))).toBe(7362217);
    });

    it('fio-3.28-x-dirty (ZNS-Study): a "rounded down io_size" line before the document; percentile_list=50:95', () => {
      const w = record(parse('nicktehrany/ZNS-Study/nvme2n2_randwrite_512B_queue-depth-1'), 'write');
      expect(w).toMatchObject({ io_bytes: 55834574848, runtime_ms: 3862578, iops: 28232.932513, clat_p99_ns: 87552 });
      expect(fioBwBytes(w)).toBe(14455261);
      const result = parse('nicktehrany/ZNS-Study/nvme2n2_mq-deadline_4Ki_numjobs-10.json');
      expect(result.fioVersion).toBe('fio-3.28-261-gc3773-dirty');
      const r = record(result, 'read');
      expect(r).toMatchObject({ iops: 102272.69091, clat_p50_ns: 89600, clat_p99_ns: null, clat_p999_ns: null });
      expect(fioBwBytes(r)).toBe(418910307);
    });

    it('fio-3.30 (fio-blog): three --status-interval snapshots back to back, the last is the result', () => {
      const result = parse('vincentkfu/fio-blog/Figure1.json');
      const w = record(result, 'write');
      // The third document (elapsed 45).
      expect(w).toMatchObject({ io_bytes: 919326867456, runtime_ms: 43899, total_ios: 224445036, iops: 5112759.652839, clat_p99_ns: 14 });
      expect(fioBwBytes(w)).toBe(20941863538);
      const slope = record(parse('vincentkfu/fio-blog/bw_slope.json'), 'read');
      expect(slope).toMatchObject({ iops: 8288.567806, clat_p50_ns: 113152, clat_p99_ns: 197632, clat_p999_ns: 207872 });
      expect(fioBwBytes(slope)).toBe(33949973);
    });

    it('fio-3.30 (gcsfuse): numjobs=40 thread group_reporting, lat_ns with its own percentiles', () => {
      const r = record(parse('GoogleCloudPlatform/gcsfuse/good_out_job.json'), 'read');
      expect(r).toMatchObject({
        jobname: '1_thread', numjobs: 40, io_bytes: 6040846336, total_ios: 5761, iops: 95.26093, clat_p50_ns: 387973120, clat_p99_ns: 893386752,
      });
      expect(fioBwBytes(r)).toBe(99888324);
    });

    it('fio-3.33 (FIO-tests): "fio: terminating on signal 2" before the document is a warning, rw=rw', () => {
      const result = parse('bensonjohnson/FIO-tests/fio.json');
      expect(result.warnings).toEqual([
        expect.objectContaining({ line: 2, field: 'fio message', value: 'fio: terminating on signal 2', message: expect.stringMatching(/stopped by signal 2 .*only the time it ran/) }),
      ]);
      const r = record(result, 'read');
      expect(r).toMatchObject({ io_bytes: 1511751680, runtime_ms: 48170, iops: 7662.030309, clat_mean_ns: 7881155.058386, clat_p99_ns: 35913728 });
      expect(fioBwBytes(r)).toBe(31383676);
      expect(fioBwBytes(record(result, 'write'))).toBe(161128721);
    });

    it('fio-3.33 (fio-plot): a failed job (error 22) after fio\'s error lines is failed in its rw=write', () => {
      const result = parse('louwrentius/fio-plot/write-64-1.json');
      expect(result.records).toEqual([
        expect.objectContaining({ jobname: '1m', direction: 'write', status: 'failed', errno: 22, io_bytes: null, bw_bytes: null }),
      ]);
    });

    it('fio-3.36 (SO-Kernel-trace-extraction): job_start, numjobs=2 group_reporting', () => {
      const r = record(parse('BrahiamAcosta/SO-Kernel-trace-extraction/fio_output.json'), 'read');
      expect(r).toMatchObject({
        numjobs: 2, io_bytes: 51381534720, runtime_ms: 120002, iops: 3266.695555, clat_p50_ns: 2244608, clat_p99_ns: 3719168, clat_p999_ns: 4816896,
      });
      expect(fioBwBytes(r)).toBe(428172319);
    });

    it('fio-3.40 (fio-analyzer): a jobname cut at 127 characters gets its whole name from the name option', () => {
      const result = parse('styliteag/fio-analyzer/fio_results_example_readwrite.json');
      const name = 'hourly_automated_test,pattern:read,block_size:4k,num_jobs:1,direct:1,test_size:1M,sync:1,iodepth:1,runtime:10,date:2025-07-08T18:45:45Z';
      expect(result.records.map((r) => [r.jobname, r.direction])).toEqual([[name, 'read'], [name, 'write']]);
      expect(fioBwBytes(record(result, 'read'))).toBe(41304848);
      expect(fioBwBytes(record(result, 'write'))).toBe(41193039);
    });

    it('fio-3.43 (fio-analyzer): client/server, "global options" an array per server, the "All clients" sum', () => {
      const result = parse('styliteag/fio-analyzer/fio_client_2clients.json');
      expect(result.records.map((r) => r.hostname)).toEqual(['127.0.0.1:18802', '127.0.0.1:18801', 'All clients']);
      const first = record(result, 'read', 'test', '127.0.0.1:18802');
      expect(first).toMatchObject({ io_bytes: 4548972544, runtime_ms: 1000, total_ios: 1110589, iops: 1110589 });
      expect(fioBwBytes(first)).toBe(4548972544);
      const all = record(result, 'read', 'test', 'All clients');
      expect(all).toMatchObject({ io_bytes: 9111633920, total_ios: 2224520, iops: 2224520 });
      expect(fioBwKiB(all)).toBe(8898080);
      // rw= is only in the servers' global options.
      expect(first.options).toMatchObject({ rw: 'randread', bs: '4k', ioengine: 'psync' });
      expect(first.options['hostname']).toBeUndefined();
    });
  });

  describe('fio JSON re-written by other tools (fixtures/corpus/rewritten, commands in fixtures/README.md)', () => {
    it('jq -c (one line) reads as the original', () => {
      const compact = record(parse('rewritten/fio_output.jq-c.json'), 'read');
      const original = record(parse('BrahiamAcosta/SO-Kernel-trace-extraction/fio_output.json'), 'read');
      expect(compact).toEqual(original);
      expect(fioBwBytes(compact)).toBe(428172319);
    });

    it('Python json.dump(indent=4) of a fio 2.17 document (floats re-serialized, duplicate keys gone)', () => {
      const result = parse('rewritten/pkb-7fb0c9d8-0_fio.json-dump-indent4.json');
      expect(result.fioVersion).toBe('fio-2.17');
      const r = record(result, 'read');
      expect(r).toMatchObject({ io_bytes: 80891 * 16 * KiB, runtime_ms: 10003, iops: 8086.673998, clat_p99_ns: 1352000 });
      expect(fioBwKiB(r)).toBe(129386);
    });

    it('jq -c of three snapshots: JSON Lines, the last line is the result', () => {
      const w = record(parse('rewritten/Figure1.jq-c.jsonl'), 'write');
      expect(w).toMatchObject({ io_bytes: 919326867456, runtime_ms: 43899, iops: 5112759.652839 });
      expect(fioBwBytes(w)).toBe(20941863538);
    });
  });

  describe('terse v3', () => {
    it('fio-3.8-83-g24a9 (fio-tests): one line with disk fields', () => {
      const result = parse('mcgrof/fio-tests/0011-bs4k-1j-1024qd-read.ini.out');
      expect(result).toMatchObject({ format: 'terse', fioVersion: 'fio-3.8-83-g24a9', warnings: [] });
      const r = record(result, 'read');
      expect(r).toMatchObject({
        jobname: 'read', io_bytes: 358973440 * KiB, runtime_ms: 300002, iops: 299142, clat_mean_ns: 2069630.299, lat_mean_ns: 3263341.754,
        clat_p50_ns: 2007000, clat_p99_ns: 3194000, clat_p999_ns: 4685000,
      });
      expect(fioBwKiB(r)).toBe(1196570);
    });

    it('fio-3.8-83-g24a9 (fio-tests): error 11 after 32 "fio: pid=" lines is a failed read, named by its rw-like job name', () => {
      const result = parse('mcgrof/fio-tests/0007-bs4k-64j-2048qd-randread.ini.out');
      expect(result.records).toEqual([expect.objectContaining({ jobname: 'randread', direction: 'read', status: 'failed', errno: 11, bw_bytes: null })]);
    });

    it('fio-3.1 (fio-tests): an empty job name is named for its group, with a warning', () => {
      const result = parse('mcgrof/fio-tests/0003-bs4k-256iobs-4j-128qd-randrw.ini.out');
      expect(result.warnings).toEqual([expect.objectContaining({ line: 1, field: 'terse v3 field 3 (jobname)', value: '' })]);
      const r = record(result, 'read');
      expect(r).toMatchObject({ jobname: 'unnamed-g0', io_bytes: 489158140 * KiB, runtime_ms: 240004, iops: 509531, clat_p99_ns: 3751000 });
      expect(fioBwKiB(r)).toBe(2038124);
      const w = record(result, 'write');
      expect(w).toMatchObject({ io_bytes: 15127352 * KiB, iops: 15757 });
      expect(fioBwKiB(w)).toBe(63029);
    });
  });

  describe('refused, with the reason', () => {
    it.each([
      ['chris-sanders/ceph-fio-results/randread-4k.out', /line 1: this is fio's normal \(human-readable\) output of fio-2\.2\.10, which sharebench does not read: .*--output-format=json\+/],
      ['vincentkfu/fio-blog/xnvme-compare.output', /normal \(human-readable\) output of fio-3\.30-63-g66087/],
      ['sumitshatwara/prometheus-grafana-grok-fio-influxdb/fio_output.txt', /normal \(human-readable\) output of fio-3\.1,/],
      ['datamattsson/benk/a.log', /line 8: expected a fio JSON document with a "jobs" array .*found keys \["benk","log"\]/],
    ])('%s', (path, reason) => {
      expect(() => parse(path)).toThrow(reason);
    });
  });
});
