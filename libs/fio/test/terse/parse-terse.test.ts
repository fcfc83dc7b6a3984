import { describe, expect, it } from 'vitest';
import { parseFioJson, parseFioTerse, type FioRecord } from '@sharebench/fio';
import { fixture } from '../fixture.js';

function only(records: FioRecord[], direction: string): FioRecord {
  const found = records.filter((r) => r.direction === direction);
  expect(found).toHaveLength(1);
  return found[0]!;
}

/** fio's terse bw field: io_bytes*1000/runtime/1024, truncated. */
const bwKiB = (r: FioRecord) => Math.floor(r.bw_bytes! / 1024);

describe('fio/terse/parse-terse', () => {
  it('reads v2 (no fio version, read/write/trim blocks)', () => {
    const result = parseFioTerse(fixture('fio-3.33/terse-v2.txt'), 'terse-v2.txt');
    expect(result).toMatchObject({ format: 'terse', fioVersion: null, timestampMs: null, globalOptions: {} });
    expect(result.records).toHaveLength(1);
    const r = result.records[0]!;
    expect(r).toMatchObject({
      jobname: 'tv2',
      groupid: 0,
      direction: 'read',
      status: 'ok',
      errno: 0,
      io_bytes: 8192 * 1024,
      iops: 8031,
      runtime_ms: 255,
      total_ios: null,
      options: {},
    });
    expect(bwKiB(r)).toBe(32125);
    expect(r).toMatchObject({
      clat_mean_ns: 115376.267,
      lat_mean_ns: 115417.299,
      clat_p50_ns: 75000,
      clat_p99_ns: 684000,
      clat_p999_ns: 4177000,
      slat_mean_ns: null,
    });
  });

  it('reads v3 (read and write blocks, disk fields after)', () => {
    const result = parseFioTerse(fixture('fio-3.33/terse-v3.txt'), 'terse-v3.txt');
    expect(result.fioVersion).toBe('fio-3.33');
    expect(result.records.map((r) => r.direction)).toEqual(['read', 'write']);
    const read = only(result.records, 'read');
    const write = only(result.records, 'write');
    expect(read).toMatchObject({
      jobname: 't3',
      io_bytes: 47476 * 1024,
      iops: 11857,
      runtime_ms: 1001,
      clat_mean_ns: 74427.492,
      clat_p99_ns: 177000,
      clat_p999_ns: 897000,
    });
    expect(write).toMatchObject({
      jobname: 't3',
      io_bytes: 47464 * 1024,
      iops: 11854,
      runtime_ms: 1001,
      clat_mean_ns: 3557.961,
      clat_p99_ns: 20000,
      clat_p999_ns: 63000,
    });
    expect(bwKiB(read)).toBe(47428);
    expect(bwKiB(write)).toBe(47416);
  });

  it('reads v4 (trim block added; read fields where v3 has them)', () => {
    const { records } = parseFioTerse(fixture('fio-3.33/terse-v4.txt'), 'terse-v4.txt');
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      jobname: 'tv4',
      direction: 'read',
      io_bytes: 8192 * 1024,
      iops: 6849,
      runtime_ms: 299,
      clat_mean_ns: 144292.965,
      clat_p99_ns: 1482000,
    });
    expect(bwKiB(records[0]!)).toBe(27397);
  });

  it('reads v5 (47-field blocks with bw samples and IOPS stats)', () => {
    const { records } = parseFioTerse(fixture('fio-3.33/terse-v5.txt'), 'terse-v5.txt');
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      jobname: 'tv5',
      direction: 'read',
      io_bytes: 8192 * 1024,
      iops: 9437,
      runtime_ms: 217,
      clat_mean_ns: 104920.88,
      clat_p99_ns: 536000,
      clat_p999_ns: 4358000,
    });
    expect(bwKiB(records[0]!)).toBe(37751);
  });

  it('finds the terse line inside normal output', () => {
    const { records } = parseFioTerse(fixture('fio-3.33/normal-plus-terse.txt'), 'normal-plus-terse.txt');
    expect(records.map((r) => r.direction)).toEqual(['read', 'write']);
    // The normal output's "issued rwts: total=21859,21978" times 4 KiB blocks.
    expect(only(records, 'read')).toMatchObject({ jobname: 'mix', io_bytes: 21859 * 4096, iops: 21837, runtime_ms: 1001, clat_p99_ns: 448000 });
    expect(only(records, 'write')).toMatchObject({ jobname: 'mix', io_bytes: 21978 * 4096, iops: 21956, runtime_ms: 1001, clat_p99_ns: 78000 });
  });

  describe('gives the numbers of the JSON of the same run', () => {
    for (const [file, directions] of [
      ['unified-mixed.txt', ['mixed']],
      ['unified-both-mixed.txt', ['read', 'write', 'mixed']],
    ] as const) {
      it(file, () => {
        const text = fixture(`fio-3.33/${file}`);
        const terse = parseFioTerse(text, file).records;
        const json = parseFioJson(text, file).records;
        expect(terse.map((r) => r.direction)).toEqual(directions);
        expect(json.map((r) => r.direction)).toEqual(directions);
        for (const [i, t] of terse.entries()) {
          const j = json[i]!;
          expect(t.io_bytes).toBe(j.io_bytes);
          expect(t.runtime_ms).toBe(j.runtime_ms);
          expect(t.bw_bytes).toBe(j.bw_bytes);
          // Terse truncates IOPS, latency min/max and percentiles to integers (us), means to 6 decimals (us).
          expect(t.iops).toBe(Math.trunc(j.iops!));
          expect(Math.abs(t.clat_mean_ns! - j.clat_mean_ns!)).toBeLessThan(0.001);
          expect(Math.abs(t.lat_mean_ns! - j.lat_mean_ns!)).toBeLessThan(0.001);
          for (const p of ['clat_p50_ns', 'clat_p99_ns', 'clat_p999_ns'] as const) expect(t[p]).toBe(Math.floor(j[p]! / 1000) * 1000);
        }
      });
    }
  });

  it('folds numjobs clones: one line each with the same name', () => {
    const line = fixture('fio-3.33/terse-v3.txt').trim();
    const clone = line.replace('3;fio-3.33;t3;0;0;47476;47428;11857;1001;', '3;fio-3.33;t3;0;0;23738;23142;5785;1026;');
    expect(clone).not.toBe(line);
    const { records } = parseFioTerse(`${line}\n${clone}\n`, 'clones');
    const read = only(records, 'read');
    expect(read).toMatchObject({ entries: 2, numjobs: 2, io_bytes: (47476 + 23738) * 1024, runtime_ms: 1026 });
    expect(read.bw_bytes).toBeCloseTo(((47476 + 23738) * 1024 * 1000) / 1026, 6);
    // Terse has no I/O counts: each clone's IOPS x runtime stands in for them.
    expect(read.iops).toBeCloseTo((11857 * 1001 + 5785 * 1026) / 1026, 6);
    expect(read.clat_mean_ns).toBeCloseTo(74427.492, 6);
    expect(read.clat_p99_ns).toBeNull();
    expect(only(records, 'write')).toMatchObject({ entries: 2, io_bytes: 2 * 47464 * 1024 });
  });

  it('reports a line with an error as failed with null numbers', () => {
    const line = fixture('fio-3.33/terse-v3.txt').trim().replace('3;fio-3.33;t3;0;0;', '3;fio-3.33;t3;0;5;');
    const { records } = parseFioTerse(line, 'failed');
    expect(records.map((r) => [r.direction, r.status, r.errno, r.io_bytes, r.bw_bytes, r.clat_p99_ns])).toEqual([
      ['read', 'failed', 5, null, null, null],
      ['write', 'failed', 5, null, null, null],
    ]);
  });

  describe('non-numbers', () => {
    // A real failed line of the seed study (fio 3.21): all zeros, and -nan% in field 100.
    const seedLine = () => fixture('virtiofs-tests/performance-results/feb-23-2021/raw-data/cache-none/9p-cache-none-test-data.txt').split('\n')[848]!;

    it('reads -nan% in a latency bucket as null with a warning naming file, line and field', () => {
      expect(seedLine().split(';')[99]).toBe('-nan%');
      const result = parseFioTerse(`normal output\n${seedLine()}\n`, 'seed.txt');
      expect(result.warnings).toEqual([{ file: 'seed.txt', line: 2, field: 'terse v3 field 100 (latency bucket %)', value: '-nan%', message: expect.stringMatching(/non-number .*read as null/) }]);
      // randrw-mmap, error 22: failed in both of its directions.
      expect(result.records.map((r) => [r.jobname, r.direction, r.status, r.errno])).toEqual([
        ['randrw-mmap', 'read', 'failed', 22],
        ['randrw-mmap', 'write', 'failed', 22],
      ]);
    });

    it('reads nan and inf where fio prints floats (means, deviations, percentages) as null', () => {
      const fields = fixture('fio-3.33/terse-v3.txt').trim().split(';');
      fields[15] = '-nan'; // read clat mean
      fields[16] = 'inf'; // read clat stddev
      fields[87] = 'nan%'; // usr CPU
      const result = parseFioTerse(fields.join(';'), 'nan.txt');
      expect(result.warnings.map((w) => [w.field, w.value])).toEqual([
        ['terse v3 field 16 (clat mean us of direction block 1)', '-nan'],
        ['terse v3 field 17 (clat stddev us of direction block 1)', 'inf'],
        ['terse v3 field 88 (usr CPU %)', 'nan%'],
      ]);
      expect(only(result.records, 'read')).toMatchObject({ status: 'ok', io_bytes: 47476 * 1024, clat_mean_ns: null, lat_mean_ns: 74465.176 });
    });

    it('still refuses a non-number where fio prints integers, and text that is not a number', () => {
      const fields = fixture('fio-3.33/terse-v3.txt').trim().split(';');
      expect(() => parseFioTerse(Object.assign([...fields], { 6: 'nan' }).join(';'), 'x.txt')).toThrow(/field 7 \(bw KiB\/s of direction block 1\) is "nan", expected an integer/);
      expect(() => parseFioTerse(Object.assign([...fields], { 99: 'abc%' }).join(';'), 'x.txt')).toThrow(/field 100 \(latency bucket %\) is "abc%", expected a percentage/);
    });

    it('warns when a failed job\'s direction cannot be told, and reports it in every direction printed', () => {
      const line = seedLine().replace(';randrw-mmap;', ';job1;');
      const result = parseFioTerse(line, 'x.txt');
      expect(result.records.map((r) => r.direction)).toEqual(['read', 'write']);
      expect(result.warnings.map((w) => w.message)).toContainEqual(expect.stringMatching(/job "job1" failed \(error 22\) and nothing says what it does/));
      // fio's header line beside it says: rw=randwrite.
      const header = 'job1: (g=0): rw=randwrite, bs=(R) 4096B-4096B, (W) 4096B-4096B, (T) 4096B-4096B, ioengine=mmap, iodepth=16';
      const withHeader = parseFioTerse(`${header}\n${line}`, 'x.txt');
      expect(withHeader.records.map((r) => r.direction)).toEqual(['write']);
    });
  });

  describe('errors', () => {
    it('names file and line when a ; in the job name shifts the fields', () => {
      const text = `junk\n${fixture('fio-3.33/terse-v3.txt').replace('3;fio-3.33;t3;', '3;fio-3.33;t;x;')}`;
      expect(() => parseFioTerse(text, 'shifted.txt')).toThrow(/^shifted\.txt:line 2: terse v3 field 4 \(groupid\) is "x", expected an integer; .*';' in a job name/);
    });
    it('catches a shift that keeps the header plausible', () => {
      // "t;3": groupid reads 3, error reads the real groupid, and the blocks start one field early.
      const text = fixture('fio-3.33/terse-v3.txt').replace('3;fio-3.33;t3;', '3;fio-3.33;t;3;');
      expect(() => parseFioTerse(text, 'shifted.txt')).toThrow(/^shifted\.txt:line 1: terse v3 field 14 \(clat min us of direction block 1\) is "0.000000", expected an integer/);
    });
    it('rejects a line with too few fields', () => {
      expect(() => parseFioTerse('3;fio-3.33;t3;0;0;47476;47428;11857;1001\n', 'short.txt')).toThrow(/^short\.txt:line 1: terse v3 line has 9 fields, expected at least 80/);
      const cut = fixture('fio-3.33/terse-v3.txt').split(';').slice(0, 100).join(';');
      expect(() => parseFioTerse(cut, 'cut.txt')).toThrow(/has 100 fields, expected at least 121/);
    });
    it('rejects an unknown terse version', () => {
      expect(() => parseFioTerse('6;fio-3.33;t;0;0\n', 'v6.txt')).toThrow(/^v6\.txt:line 1: terse version "6" is unknown/);
    });
    it('rejects text without terse lines, and empty text', () => {
      expect(() => parseFioTerse('fio-3.33\nStarting 1 process\n', 'none.txt')).toThrow(/^none\.txt:line 1: expected fio terse lines/);
      expect(() => parseFioTerse('', 'empty.txt')).toThrow(/empty input/);
    });
  });
});
