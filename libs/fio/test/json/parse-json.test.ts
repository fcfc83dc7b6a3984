import { describe, expect, it } from 'vitest';
import { ParseError } from '@sharebench/core';
import { parseFioJson, type FioRecord } from '@sharebench/fio';
import { fixture } from '../fixture.js';

const NULL_MEASUREMENTS = {
  io_bytes: null, bw_bytes: null, iops: null, runtime_ms: null, total_ios: null,
  slat_mean_ns: null, clat_mean_ns: null, lat_mean_ns: null, clat_p50_ns: null, clat_p99_ns: null, clat_p999_ns: null,
};

function only(records: FioRecord[], direction: string, hostname: string | null = null): FioRecord {
  const found = records.filter((r) => r.direction === direction && r.hostname === hostname);
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe('fio/json/parse-json', () => {
  it('reads one psync randread job: read only, exact bw from io_bytes/runtime, fio iops, ns latencies', () => {
    const result = parseFioJson(fixture('fio-3.33/json-psync-randread.json'), 'json-psync-randread.json');
    expect(result).toMatchObject({ format: 'json', fioVersion: 'fio-3.33', timestampMs: 1795535462526, globalOptions: {} });
    expect(result.records).toHaveLength(1);
    const r = result.records[0]!;
    expect(r).toMatchObject({
      jobname: 'rr', groupid: 0, hostname: null, direction: 'read', status: 'ok', errno: 0, entries: 1, numjobs: 1,
      io_bytes: 8388608, iops: 11505.617978, runtime_ms: 178, total_ios: 2048,
      clat_mean_ns: 86036.623535, lat_mean_ns: 86070.196289,
      clat_p50_ns: 66048, clat_p99_ns: 358400, clat_p999_ns: 1712128,
    });
    // fio printed bw_bytes 47127011: the same rate, truncated.
    expect(r.bw_bytes).toBeCloseTo((8388608 * 1000) / 178, 6);
    expect(Math.floor(r.bw_bytes!)).toBe(47127011);
    // psync has no submission latency: N=0 is no sample, not a 0 ns latency.
    expect(r.slat_mean_ns).toBeNull();
    expect(r.options).toMatchObject({ rw: 'randread', bs: '4k', ioengine: 'psync', size: '8M' });
  });

  it('reads a randrw group_reporting job: read and write, numjobs from the job options', () => {
    const { records } = parseFioJson(fixture('fio-3.33/json-randrw-numjobs2-group.json'), 'numjobs2-group');
    expect(records.map((r) => r.direction)).toEqual(['read', 'write']);
    const read = only(records, 'read');
    const write = only(records, 'write');
    expect(read).toMatchObject({
      jobname: 'mix',
      entries: 1,
      numjobs: 2,
      io_bytes: 332619776,
      total_ios: 81206,
      runtime_ms: 2001,
      iops: 40582.708646,
      clat_p99_ns: 189440,
      clat_p50_ns: 16768,
    });
    expect(write).toMatchObject({
      jobname: 'mix',
      entries: 1,
      numjobs: 2,
      io_bytes: 142852096,
      total_ios: 34876,
      runtime_ms: 2001,
      iops: 17429.285357,
      clat_p99_ns: 25728,
      clat_p999_ns: 109056,
    });
    expect(Math.floor(read.bw_bytes!)).toBe(166226774);
    expect(Math.floor(write.bw_bytes!)).toBe(71390352);
  });

  it('skips the fio: pid= line before the document and reports an ENOSPC job as failed with null numbers', () => {
    const result = parseFioJson(fixture('fio-3.33/json-enospc-with-preamble.out'), 'enospc');
    expect(result.timestampMs).toBe(1795535487094);
    expect(result.records).toEqual([
      {
        jobname: 'full',
        groupid: 0,
        hostname: null,
        direction: 'write',
        status: 'failed',
        errno: 28,
        entries: 1,
        numjobs: 1,
        ...NULL_MEASUREMENTS,
        options: expect.objectContaining({ rw: 'write', filename: '/dev/full' }),
      },
    ]);
  });

  it('takes the last of several --status-interval documents', () => {
    const result = parseFioJson(fixture('fio-3.33/json-status-interval.out'), 'status-interval');
    expect(result.timestampMs).toBe(1795535690734);
    expect(result.records).toHaveLength(1);
    expect(result.records[0]).toMatchObject({ jobname: 'si', io_bytes: 100335616, runtime_ms: 2001, total_ios: 24496, iops: 12241.87906, clat_p99_ns: 203776 });
    expect(Math.floor(result.records[0]!.bw_bytes!)).toBe(50142736);
  });

  it('reads client_stats: one record per server (told apart by port on a shared hostname) and All clients', () => {
    const result = parseFioJson(fixture('fio-3.33/json-client-server-2.out'), 'client-server');
    // Client/server JSON has no timestamp_ms: the seconds stand in.
    expect(result.timestampMs).toBe(1795535667 * 1000);
    expect(result.records.map((r) => r.hostname)).toEqual(['127.0.0.1:8766', '127.0.0.1:8765', 'All clients']);
    expect(only(result.records, 'read', '127.0.0.1:8766')).toMatchObject({
      jobname: 'cs',
      io_bytes: 2097152,
      runtime_ms: 47,
      total_ios: 512,
      iops: 10893.617021,
      clat_p99_ns: 333824,
    });
    expect(only(result.records, 'read', '127.0.0.1:8765')).toMatchObject({
      jobname: 'cs',
      io_bytes: 2097152,
      runtime_ms: 42,
      total_ios: 512,
      iops: 12190.47619,
      clat_p99_ns: 296960,
    });
    // fio's sum over clients prints no percentiles.
    expect(only(result.records, 'read', 'All clients')).toMatchObject({
      jobname: 'cs',
      io_bytes: 4194304,
      runtime_ms: 47,
      total_ios: 1024,
      iops: 21787.234043,
      clat_mean_ns: 84009.336914,
      clat_p99_ns: null,
    });
    // It is the same job summed: it takes the servers' job name and options.
    expect(only(result.records, 'read', 'All clients').options['rw']).toBe('randread');
  });

  it('keeps the hostname alone when each server has its own', () => {
    const text = fixture('fio-3.33/json-client-server-2.out').replace(
      '"hostname" : "127.0.0.1",\n      "port" : 8766',
      '"hostname" : "vm-a",\n      "port" : 8766',
    );
    const { records } = parseFioJson(text, 'x');
    expect(records.map((r) => r.hostname)).toEqual(['vm-a', '127.0.0.1', 'All clients']);
  });

  it('parses a document with a raw tab inside a string, which strict JSON.parse rejects', () => {
    const text = fixture('fio-3.33/json-tab-in-description.json');
    expect(() => JSON.parse(text)).toThrow(/control character/i);
    const { records } = parseFioJson(text, 'tab');
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ jobname: 'q"n', io_bytes: 1048576, runtime_ms: 3, total_ios: 256, iops: 85333.333333, clat_p99_ns: 162816 });
    expect(records[0]!.options['description']).toBe('tab\there');
  });

  it('reads json+ as format json+ and takes percentiles printed with a custom percentile_list', () => {
    const result = parseFioJson(fixture('fio-3.33/jsonplus-bins.json'), 'jsonplus');
    expect(result.format).toBe('json+');
    expect(only(result.records, 'read')).toMatchObject({
      io_bytes: 50397184,
      runtime_ms: 1005,
      total_ios: 12304,
      iops: 12242.78607,
      clat_p50_ns: 58112,
      clat_p99_ns: 197632,
      clat_p999_ns: 2408448,
    });
    expect(only(result.records, 'write')).toMatchObject({
      io_bytes: 50270208,
      runtime_ms: 1005,
      total_ios: 12273,
      iops: 12211.940299,
      clat_p50_ns: 3024,
      clat_p99_ns: 12224,
      clat_p999_ns: 66048,
    });
  });

  it('computes a percentile the percentile object lacks from the json+ bins', () => {
    const doc = JSON.parse(fixture('fio-3.33/jsonplus-bins.json'));
    const printed = doc.jobs[0].read.clat_ns.percentile;
    const p999 = printed['99.900000'];
    delete printed['99.900000'];
    const { records } = parseFioJson(JSON.stringify(doc, null, 2), 'x');
    expect(only(records, 'read').clat_p999_ns).toBe(p999);
    expect(p999).toBe(2408448);
  });

  it('reads unified_rw_reporting=mixed as one mixed record, and =both as read, write and mixed', () => {
    const mixed = parseFioJson(fixture('fio-3.33/unified-mixed.txt'), 'unified-mixed');
    expect(mixed.records).toHaveLength(1);
    expect(mixed.records[0]).toMatchObject({
      jobname: 'u_mixed',
      direction: 'mixed',
      io_bytes: 4194304,
      runtime_ms: 66,
      total_ios: 1024,
      iops: 15515.151515,
      clat_p99_ns: 765952,
    });
    const both = parseFioJson(fixture('fio-3.33/unified-both-mixed.txt'), 'unified-both');
    expect(both.records.map((r) => r.direction)).toEqual(['read', 'write', 'mixed']);
    expect(only(both.records, 'read')).toMatchObject({ io_bytes: 2031616, total_ios: 496, runtime_ms: 56, iops: 8857.142857, clat_p99_ns: 536576 });
    expect(only(both.records, 'write')).toMatchObject({ io_bytes: 2162688, total_ios: 528, runtime_ms: 56, iops: 9428.571429, clat_p99_ns: 34560 });
    expect(only(both.records, 'mixed')).toMatchObject({ io_bytes: 4194304, total_ios: 1024, runtime_ms: 56, iops: 18285.714286, clat_p99_ns: 244736 });
  });

  it('overlays job options on global options', () => {
    const doc = JSON.parse(fixture('fio-3.33/json-psync-randread.json'));
    doc['global options'] = { ioengine: 'libaio', iodepth: '16' };
    const result = parseFioJson(JSON.stringify(doc), 'x');
    expect(result.globalOptions).toEqual({ ioengine: 'libaio', iodepth: '16' });
    expect(result.records[0]!.options).toMatchObject({ ioengine: 'psync', iodepth: '16', rw: 'randread' });
  });

  describe('numjobs clones without group_reporting', () => {
    // Two clones of the json+ job: the second ran 2010 ms and moved half the data.
    function clones() {
      const doc = JSON.parse(fixture('fio-3.33/jsonplus-bins.json'));
      const a = doc.jobs[0];
      a['job options'].numjobs = '2';
      const b = structuredClone(a);
      b.read.io_bytes = 25198592;
      b.read.total_ios = 6152;
      b.read.runtime = 2010;
      b.read.clat_ns.mean = 50000;
      b.read.clat_ns.N = 6152;
      doc.jobs.push(b);
      return { doc, a, b };
    }

    it('folds clones into one record per direction: bytes and I/Os summed over the longest runtime', () => {
      const { doc, a } = clones();
      const { records } = parseFioJson(JSON.stringify(doc, null, 2), 'x');
      expect(records.map((r) => r.direction)).toEqual(['read', 'write']);
      const read = only(records, 'read');
      expect(read).toMatchObject({ jobname: 'jp2', entries: 2, numjobs: 2, io_bytes: 50397184 + 25198592, total_ios: 12304 + 6152, runtime_ms: 2010 });
      expect(read.bw_bytes).toBeCloseTo(((50397184 + 25198592) * 1000) / 2010, 6);
      expect(read.iops).toBeCloseTo(((12304 + 6152) * 1000) / 2010, 9);
      expect(read.clat_mean_ns).toBeCloseTo((71032.56827 * 12304 + 50000 * 6152) / (12304 + 6152), 6);
      // Both clones carry the same histogram, so the merged percentiles are the single ones.
      expect(read.clat_p99_ns).toBe(a.read.clat_ns.percentile['99.000000']);
      expect(read.clat_p50_ns).toBe(58112);
    });

    it('gives null percentiles when clones have no histograms to merge', () => {
      const { doc } = clones();
      for (const job of doc.jobs) delete job.read.clat_ns.bins;
      const read = only(parseFioJson(JSON.stringify(doc), 'x').records, 'read');
      expect(read).toMatchObject({ entries: 2, clat_p50_ns: null, clat_p99_ns: null, clat_p999_ns: null });
      expect(read.clat_mean_ns).not.toBeNull();
    });

    it('counts entries as numjobs when the option is absent, and fails the record when a clone failed', () => {
      const { doc, b } = clones();
      delete doc.jobs[0]['job options'].numjobs;
      delete b['job options'].numjobs;
      b.error = 5;
      const { records } = parseFioJson(JSON.stringify(doc), 'x');
      expect(records).toHaveLength(2);
      for (const r of records) expect(r).toMatchObject({ status: 'failed', errno: 5, entries: 2, numjobs: 2, ...NULL_MEASUREMENTS });
    });
  });

  describe('failed jobs', () => {
    /** The parts of a fio JSON job entry these tests change. */
    type JobDirections = Partial<Record<'read' | 'write' | 'trim' | 'mixed', { total_ios: number }>>;
    function failing(options: Record<string, string>, change: (job: JobDirections) => void = () => {}) {
      const doc = JSON.parse(fixture('fio-3.33/json-enospc-with-preamble.out').replace(/^fio: .*\n/, ''));
      doc.jobs[0]['job options'] = options;
      change(doc.jobs[0]);
      return parseFioJson(JSON.stringify(doc), 'x').records;
    }

    it('reports a failed randrw job in read and write', () => {
      expect(failing({ rw: 'randrw' }).map((r) => [r.direction, r.status, r.errno])).toEqual([['read', 'failed', 28], ['write', 'failed', 28]]);
    });
    it('falls back to the directions that did I/O, then to read', () => {
      expect(failing({}).map((r) => r.direction)).toEqual(['write']);
      expect(failing({}, (job) => (job.write!.total_ios = 0)).map((r) => r.direction)).toEqual(['read']);
    });
    it('reports trim jobs in trim, and ignores an rw offset modifier', () => {
      expect(failing({ rw: 'randtrim' }).map((r) => r.direction)).toEqual(['trim']);
      expect(failing({ rw: 'randread:8' }).map((r) => r.direction)).toEqual(['read']);
    });
    it('reports a failed unified mixed job as mixed', () => {
      const records = failing({ rw: 'randrw' }, (job) => {
        job.mixed = job.write;
        delete job.read;
        delete job.write;
        delete job.trim;
      });
      expect(records.map((r) => [r.direction, r.errno])).toEqual([['mixed', 28]]);
    });
  });

  it('copes with missing optional keys and bare nan', () => {
    const doc = JSON.parse(fixture('fio-3.33/json-psync-randread.json'));
    delete doc.timestamp_ms;
    delete doc.disk_util;
    delete doc.jobs[0].trim;
    delete doc.jobs[0].sync;
    delete doc.jobs[0].read.bw_bytes;
    delete doc.jobs[0].read.clat_ns.percentile;
    const text = JSON.stringify(doc, null, 2).replace('"stddev": 100612.812469', '"stddev": nan').replace('"iops": 11505.617978', '"iops": -nan');
    expect(text).toContain('-nan');
    const r = parseFioJson(text, 'x').records[0]!;
    expect(r).toMatchObject({ io_bytes: 8388608, runtime_ms: 178, clat_p99_ns: null, clat_mean_ns: 86036.623535 });
    // iops printed as nan: recomputed from the totals.
    expect(r.iops).toBeCloseTo((2048 * 1000) / 178, 9);
  });

  it('reads an empty percentile object as no percentiles, and takes fio 2.x\'s us percentiles (padding keys "0.00" skipped)', () => {
    const doc = JSON.parse(fixture('fio-3.33/json-psync-randread.json'));
    doc.jobs[0].read.clat_ns.percentile = {};
    expect(parseFioJson(JSON.stringify(doc), 'x').records[0]).toMatchObject({ clat_p50_ns: null, clat_p99_ns: null, clat_mean_ns: 86036.623535 });
    // fio-2.18-59-g618e: "clat" in us, "99.000000" : 774144, then "0.00" : 0 three times.
    const old = parseFioJson(fixture('corpus/louwrentius/fio-plot/randread-01-64.json'), 'old').records[0]!;
    expect(old).toMatchObject({ clat_p99_ns: 774144 * 1000, clat_p50_ns: 73216 * 1000 });
  });

  describe('errors', () => {
    it('names the source and line for text with no JSON document', () => {
      expect(() => parseFioJson('fio: engine nosuchengine not loadable\nfio: failed to load engine\n', 'fixtures/x.json')).toThrow(
        new ParseError(
          'fixtures/x.json',
          { line: 3 },
          'expected a fio JSON document (a line that is exactly "{"), found none; was fio run with --output-format=json?',
        ),
      );
    });
    it('rejects empty input', () => {
      expect(() => parseFioJson('', 'empty.json')).toThrow(/^empty.json:byte 0: empty input/);
      expect(() => parseFioJson('\n  \n', 'empty.json')).toThrow(/empty input/);
    });
    it('rejects a truncated document and says where it starts', () => {
      const text = fixture('fio-3.33/json-enospc-with-preamble.out').split('\n').slice(0, 100).join('\n');
      expect(() => parseFioJson(text, 'cut.json')).toThrow(/^cut\.json:line 100: the fio JSON document starting at line 2 never ends/);
    });
    it('rejects a truncated last --status-interval snapshot instead of using an earlier one', () => {
      const text = fixture('fio-3.33/json-status-interval.out').split('\n').slice(0, 600).join('\n');
      expect(() => parseFioJson(text, 'si.out')).toThrow(/starting at line 541 never ends/);
    });
    it('rejects a JSON document that is not fio output', () => {
      expect(() => parseFioJson('{\n  "name" : "x"\n}\n', 'other.json')).toThrow(/^other\.json:line 1: expected a fio JSON document with a "jobs" array .*found keys \["name"\]/);
    });
    it('rejects a job entry without a jobname', () => {
      expect(() => parseFioJson('{\n  "jobs" : [ { "groupid" : 0 } ]\n}\n', 'bad.json')).toThrow(/expected job entry 0 to be an object with a string "jobname"/);
    });
    it('gives the line of invalid JSON inside the document', () => {
      const text = 'preamble\n{\n  "jobs" : [\n    { "jobname" : "a" \n    "groupid" : 0 }\n  ]\n}\n';
      const err = (() => {
        try {
          parseFioJson(text, 'broken.json');
        } catch (e) {
          return e as ParseError;
        }
        throw new Error('no error');
      })();
      expect(err).toBeInstanceOf(ParseError);
      expect(err.line).toBe(5);
      expect(err.message).toMatch(/starting at line 2 is not valid JSON/);
    });
  });
});
