import { describe, expect, it } from 'vitest';
import { parseLegacyLog, type LegacyLog } from '@sharebench/fio';
import { fixture } from '../fixture.js';

const JOB_FILES = ['randread', 'randrw', 'randwrite', 'seqread', 'seqwrite'].flatMap((w) =>
  ['libaio', 'mmap', 'psync'].flatMap((e) => [`${w}-${e}`, `${w}-${e}-multi`]),
);

function run(log: LegacyLog, job: string, loop: number) {
  const found = log.runs.filter((r) => r.job === job && r.loop === loop);
  expect(found).toHaveLength(1);
  return found[0]!;
}

/** The integer mean the seed's report printed: terse bw KiB/s (or IOPS) of the 3 loops, summed, divided, truncated. */
function reportMean(log: LegacyLog, job: string, direction: string, of: 'bw' | 'iops'): number {
  const values = [1, 2, 3].map((loop) => {
    const r = run(log, job, loop).result.records.find((x) => x.direction === direction)!;
    return of === 'bw' ? Math.floor(r.bw_bytes! / 1024) : r.iops!;
  });
  return Math.trunc(values.reduce((a, b) => a + b, 0) / 3);
}

describe('fio/legacy/parse-legacy-log', () => {
  for (const name of ['sshfs', 'virtiofs']) {
    it(`reads the ${name} log: header and 90 runs, 30 job files x 3 loops`, () => {
      const log = parseLegacyLog(fixture(`legacy/${name}-test-data-raw.txt`), `${name}-test-data-raw.txt`);
      expect(log.header).toMatchObject({
        TESTDIR: `/mnt/${name}/fio/`,
        TEST_NAME: name,
        VIRTO_SHM_REGIONS: '',
        RUNTIME: '20',
        LOOPS: '3',
        IODEPTH: '16',
        SIZE: '4G',
        DIRECT: '1',
        BLOCKSIZE: '4K',
      });
      expect(log.header['JOB_FILES']!.split(' ')).toHaveLength(30);
      expect(log.runs).toHaveLength(90);
      expect(new Set(log.runs.map((r) => r.job))).toEqual(new Set(JOB_FILES));
      for (const job of JOB_FILES) expect(log.runs.filter((r) => r.job === job).map((r) => r.loop)).toEqual([1, 2, 3]);
      for (const r of log.runs) {
        expect(r.jobFile).toBe(`fio-jobs/${r.job}.job`);
        expect(r.command).toBe(`fio --directory=/mnt/${name}/fio/ --runtime=20 --iodepth=16 --size=4G --direct=1 --blocksize=4K --append-terse ${r.jobFile}`);
        expect(r.result).toMatchObject({ format: 'legacy', fioVersion: 'fio-3.26' });
        expect(r.result.records.every((x) => x.status === 'ok' && x.jobname === r.job)).toBe(true);
        expect(r.result.records.map((x) => x.direction)).toEqual(r.job.startsWith('randrw') ? ['read', 'write'] : [/read/.test(r.job) ? 'read' : 'write']);
        expect(r.result.records[0]!.numjobs).toBe(r.job.endsWith('-multi') ? 4 : 1);
      }
    });
  }

  it('keeps MOUNTPOINT values with spaces and splits the RUNTIME line into pairs', () => {
    const sshfs = parseLegacyLog(fixture('legacy/sshfs-test-data-raw.txt'), 'sshfs');
    expect(sshfs.header['MOUNTPOINT']).toBe('/mnt/sshfs root@fs-i140:/mnt/intel-ssd-p1/sshfs-source/ fuse.sshfs rw,nosuid,nodev,relatime,user_id=0,group_id=0');
    expect(sshfs.header['SYSTEMINFO']).toBe('Linux vm4-f34 5.17.0-rc1+ #509 SMP PREEMPT Wed Jan 26 14:49:24 EST 2022 x86_64 x86_64 x86_64 GNU/Linux');
    const virtiofs = parseLegacyLog(fixture('legacy/virtiofs-test-data-raw.txt'), 'virtiofs');
    expect(virtiofs.header['MOUNTPOINT']).toBe('/mnt/virtiofs myfs   virtiofs rw,relatime,seclabel');
  });

  it('reads the numbers of specific runs from their terse lines', () => {
    const virtiofs = parseLegacyLog(fixture('legacy/virtiofs-test-data-raw.txt'), 'virtiofs');
    // Line 9: "3;fio-3.26;randread-libaio;0;0;4194304;299635;74908;13998;..."
    const rr = run(virtiofs, 'randread-libaio', 1);
    expect(rr.line).toBe(9);
    expect(rr.result.records).toHaveLength(1);
    expect(rr.result.records[0]).toMatchObject({
      direction: 'read',
      io_bytes: 4194304 * 1024,
      iops: 74908,
      runtime_ms: 13998,
      slat_mean_ns: 11120.739,
      clat_mean_ns: 202045.381,
      lat_mean_ns: 213232.786,
      clat_p99_ns: 272000,
      clat_p999_ns: 692000,
    });
    expect(Math.floor(rr.result.records[0]!.bw_bytes! / 1024)).toBe(299635);
    // Line 1426, terse on 1433: 4 jobs under group_reporting, write only.
    const rw4 = run(virtiofs, 'randwrite-libaio-multi', 1);
    expect(rw4.line).toBe(1426);
    expect(rw4.result.records).toHaveLength(1);
    expect(rw4.result.records[0]).toMatchObject({
      direction: 'write',
      entries: 1,
      numjobs: 4,
      io_bytes: 5435944 * 1024,
      iops: 67945,
      runtime_ms: 20001,
      clat_mean_ns: 884899.077,
    });

    const sshfs = parseLegacyLog(fixture('legacy/sshfs-test-data-raw.txt'), 'sshfs');
    // Line 1119, terse on 1123: "...;randrw-psync;0;0;31152;1557;389;20004;" and write "10396;519;129;20004".
    const mix = run(sshfs, 'randrw-psync', 2);
    expect(mix.line).toBe(1119);
    const [read, write] = mix.result.records;
    expect(read).toMatchObject({ direction: 'read', io_bytes: 31152 * 1024, iops: 389, runtime_ms: 20004 });
    expect(write).toMatchObject({ direction: 'write', io_bytes: 10396 * 1024, iops: 129, runtime_ms: 20004 });
    expect(Math.floor(read!.bw_bytes! / 1024)).toBe(1557);
    expect(Math.floor(write!.bw_bytes! / 1024)).toBe(519);
  });

  it('reproduces rows of the published report (expected-report.txt)', () => {
    const sshfs = parseLegacyLog(fixture('legacy/sshfs-test-data-raw.txt'), 'sshfs');
    const report = fixture('legacy/expected-report.txt');
    // "sshfs  seqread-psync  1886kb  471", "sshfs  randrw-psync  1556kb/519kb  389/129", ...
    expect(report).toMatch(/^sshfs\s+seqread-psync\s+1886kb\s+471\s*$/m);
    expect([reportMean(sshfs, 'seqread-psync', 'read', 'bw'), reportMean(sshfs, 'seqread-psync', 'read', 'iops')]).toEqual([1886, 471]);
    expect(report).toMatch(/^sshfs\s+randrw-psync\s+1556kb\/519kb\s+389\/129\s*$/m);
    expect(['read', 'write'].map((d) => reportMean(sshfs, 'randrw-psync', d, 'bw'))).toEqual([1556, 519]);
    expect(['read', 'write'].map((d) => reportMean(sshfs, 'randrw-psync', d, 'iops'))).toEqual([389, 129]);
    expect(report).toMatch(/^sshfs\s+randwrite-mmap\s+643kb\s+160\s*$/m);
    expect([reportMean(sshfs, 'randwrite-mmap', 'write', 'bw'), reportMean(sshfs, 'randwrite-mmap', 'write', 'iops')]).toEqual([643, 160]);
  });

  describe('the seed study\'s archive (fixtures/virtiofs-tests, fio 3.21)', () => {
    const ARCHIVE = 'virtiofs-tests/performance-results/feb-23-2021/raw-data/cache-none';

    it('reads the -nan% latency buckets of failed mmap runs as null, one warning each, and the failures in their own directions', () => {
      const log = parseLegacyLog(fixture(`${ARCHIVE}/9p-cache-none-test-data.txt`), '9p-cache-none-test-data.txt');
      expect(log.runs).toHaveLength(90);
      // grep -c -- '-nan%' gives 18: 6 failing mmap jobs (writes and randrw) x 3 loops, field 100 each.
      expect(log.warnings).toHaveLength(18);
      for (const w of log.warnings) expect(w).toMatchObject({ file: '9p-cache-none-test-data.txt', field: 'terse v3 field 100 (latency bucket %)', value: '-nan%', message: expect.stringMatching(/read as null/) });
      expect(log.warnings[0]!.line).toBe(849);
      const directions = (job: string) => run(log, job, 1).result.records.map((r) => [r.direction, r.status, r.errno]);
      // fio: pid=..., err=22/file:engines/mmap.c:118, func=mmap, error=Invalid argument
      expect(directions('seqwrite-mmap')).toEqual([['write', 'failed', 22]]);
      expect(directions('randwrite-mmap-multi')).toEqual([['write', 'failed', 22]]);
      expect(directions('randrw-mmap')).toEqual([['read', 'failed', 22], ['write', 'failed', 22]]);
      // 9p cache=none maps files for reading.
      expect(directions('seqread-mmap')).toEqual([['read', 'ok', 0]]);
      expect(run(log, 'randwrite-mmap', 1).result.records[0]!.numjobs).toBe(1);
    });

    it('reads a virtio-fs cache=none log: every mmap job fails with ENODEV, reads in read and writes in write', () => {
      const log = parseLegacyLog(fixture(`${ARCHIVE}/vtfs-cache-none-test-data.txt`), 'vtfs');
      expect(log.warnings).toHaveLength(30);
      const failed = log.runs.flatMap((r) => r.result.records.filter((x) => x.status === 'failed').map((x) => `${r.job}:${x.direction}:${x.errno}`));
      expect(new Set(failed)).toEqual(new Set([
        'seqread-mmap:read:19', 'seqread-mmap-multi:read:19', 'randread-mmap:read:19', 'randread-mmap-multi:read:19',
        'seqwrite-mmap:write:19', 'seqwrite-mmap-multi:write:19', 'randwrite-mmap:write:19', 'randwrite-mmap-multi:write:19',
        'randrw-mmap:read:19', 'randrw-mmap:write:19', 'randrw-mmap-multi:read:19', 'randrw-mmap-multi:write:19',
      ]));
    });
  });

  describe('blocks without results and several jobs', () => {
    const header = 'TEST_NAME=t\nRUNTIME=20 LOOPS=1\n\n';
    const v3 = fixture('fio-3.33/terse-v3.txt').trim();

    it('makes a failed run with the errno of a fio: err= line when fio printed no terse line', () => {
      const text =
        `${header}Running: fio --append-terse fio-jobs/seqwrite-psync.job\n` +
        'seqwrite-psync: (g=0): rw=write, bs=(R) 4096B-4096B, (W) 4096B-4096B, (T) 4096B-4096B, ioengine=psync, iodepth=16\n' +
        'fio-3.26\nStarting 1 process\n' +
        'fio: pid=77, err=28/file:io_u.c:1876, func=io_u error, error=No space left on device\n';
      const log = parseLegacyLog(text, 'failed.txt');
      expect(log.runs).toHaveLength(1);
      expect(log.runs[0]).toMatchObject({ job: 'seqwrite-psync', loop: 1, line: 4 });
      expect(log.runs[0]!.result).toMatchObject({ format: 'legacy', fioVersion: 'fio-3.26' });
      expect(log.runs[0]!.result.records).toEqual([
        expect.objectContaining({
          jobname: 'seqwrite-psync',
          direction: 'write',
          status: 'failed',
          errno: 28,
          io_bytes: null,
          bw_bytes: null,
          iops: null,
          clat_p99_ns: null,
        }),
      ]);
    });

    it('takes the direction from the job file name and errno 0 when fio printed nothing useful', () => {
      const text = `${header}Running: fio --append-terse fio-jobs/randrw-mmap.job\nfio: engine mmap not loadable\n`;
      const log = parseLegacyLog(text, 'failed.txt');
      expect(log.runs[0]!.result.records.map((r) => [r.direction, r.status, r.errno])).toEqual([['read', 'failed', 0], ['write', 'failed', 0]]);
      expect(log.warnings).toEqual([]);
    });

    it('takes a failed terse line\'s direction from fio\'s rw= header line when the name says nothing', () => {
      const failedLine = v3.replace('3;fio-3.33;t3;0;0;', '3;fio-3.33;t3;0;22;');
      const fioHeader = 't3: (g=0): rw=randwrite, bs=(R) 4096B-4096B, (W) 4096B-4096B, (T) 4096B-4096B, ioengine=mmap, iodepth=16';
      const text = `${header}Running: fio a.job\n${fioHeader}\n${failedLine}\n`;
      const log = parseLegacyLog(text, 'failed.txt');
      expect(log.runs[0]!.result.records.map((r) => [r.direction, r.status, r.errno])).toEqual([['write', 'failed', 22]]);
      expect(log.warnings).toEqual([]);
    });

    it('reports a failure nothing explains in every direction fio printed, with a warning', () => {
      const text = `${header}Running: fio fio-jobs/a.job\nfio: engine mmap not loadable\n`;
      const log = parseLegacyLog(text, 'failed.txt');
      expect(log.runs[0]!.result.records.map((r) => r.direction)).toEqual(['read', 'write']);
      expect(log.warnings).toEqual([expect.objectContaining({ line: 4, message: expect.stringMatching(/job "a" failed .*nothing says what it does/) })]);
    });

    it('folds one terse line per job when group_reporting is off, counting loops per job file', () => {
      const text =
        `${header}Running: fio a.job\n${v3}\n${v3}\n` +
        't3: (groupid=0, jobs=1): err= 0: pid=1\nt3: (groupid=0, jobs=1): err= 0: pid=2\n' +
        `Running: fio a.job\n${v3}\n`;
      const log = parseLegacyLog(text, 'clones.txt');
      expect(log.runs.map((r) => [r.job, r.loop, r.line])).toEqual([['a', 1, 4], ['a', 2, 9]]);
      expect(log.runs[0]!.result.records[0]).toMatchObject({ direction: 'read', entries: 2, numjobs: 2, io_bytes: 2 * 47476 * 1024 });
      expect(log.runs[1]!.result.records[0]).toMatchObject({ entries: 1, numjobs: 1, io_bytes: 47476 * 1024 });
    });

    it('names the log and line of a terse line that does not parse', () => {
      const text = `${header}Running: fio a.job\n${v3.replace(';t3;', ';t;x;')}\n`;
      expect(() => parseLegacyLog(text, 'bad.txt')).toThrow(/^bad\.txt:line 5: terse v3 field 4 \(groupid\) is "x"/);
    });

    it('rejects a log without Running lines', () => {
      expect(() => parseLegacyLog(header, 'none.txt')).toThrow(/^none\.txt:line 4: expected a run-fio-test\.sh log with "Running: fio \.\.\." lines/);
      expect(() => parseLegacyLog('', 'empty.txt')).toThrow(/empty input/);
    });
  });
});
