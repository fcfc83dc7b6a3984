import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, rm, writeFile, readFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execaNode } from 'execa';

const CLI = fileURLToPath(new URL('../bin/sharebench.js', import.meta.url));
const FIX = fileURLToPath(new URL('../../../fixtures/', import.meta.url));
const LEGACY = [join(FIX, 'legacy/sshfs-test-data-raw.txt'), join(FIX, 'legacy/virtiofs-test-data-raw.txt')];
const tmps: string[] = [];
afterEach(async () => {
  for (const t of tmps.splice(0)) await rm(t, { recursive: true, force: true });
});
async function tmp(): Promise<string> {
  const t = await mkdtemp(join(os.tmpdir(), 'sharebench-cli-'));
  tmps.push(t);
  return t;
}
const sharebench = (...args: string[]) => execaNode(CLI, args, { reject: false });

describe('cli import / query', () => {
  it('imports the legacy logs and answers queries on them', async () => {
    const out = join(await tmp(), 'legacy');
    const r = await sharebench('import', ...LEGACY, '--out', out, '--pair', 'sshfs:virtiofs');
    expect(r.exitCode, r.stderr).toBe(0);
    // virtiofs vs sshfs is a default pair; the reverse was asked for: 36 cells each.
    expect(r.stdout).toMatch(/imported 2 file\(s\) .*216 run rows, 72 summary cells, 72 speedups/);
    expect(r.stdout.split('\n').slice(0, 2)).toEqual([
      `${LEGACY[0]}: legacy, fio-3.26, env sshfs, 108 run rows, 0 warnings`,
      `${LEGACY[1]}: legacy, fio-3.26, env virtiofs, 108 run rows, 0 warnings`,
    ]);
    expect((await readdir(join(out, 'raw/imports'))).sort()).toEqual(['sshfs-test-data-raw.txt', 'virtiofs-test-data-raw.txt']);
    expect(await readFile(join(out, 'raw/imports/sshfs-test-data-raw.txt'), 'utf8')).toBe(await readFile(LEGACY[0]!, 'utf8'));
    const q = await sharebench('query', out, '--table', 'summary', '--filter', "d => d.job === 'seqread-psync' && d.env === 'virtiofs'", '--format', 'json');
    expect(q.exitCode, q.stderr).toBe(0);
    const [row] = JSON.parse(q.stdout);
    // The published table says 92.7mb / 23.1k: the integer mean of the three loops' KiB/s.
    expect(Math.floor(row.bw_bytes_mean / 1024 / 1024 * 10) / 10).toBe(92.7);
    expect(row).toMatchObject({ n: 3, n_ok: 3, status: 'ok', fs: 'virtiofs', cache: null, dax: false, numjobs: 1, blocksize_bytes: 4096, iodepth: 16 });
    expect(row.bw_bytes_samples).toHaveLength(3);
    const grouped = await sharebench('query', out, '--table', 'runs', '--groupby', 'env', '--rollup', 'n=count(),bw=mean(bw_bytes)', '--format', 'csv');
    expect(grouped.exitCode, grouped.stderr).toBe(0);
    expect(grouped.stdout.split('\n')[0]).toBe('env,n,bw');
    expect(grouped.stdout).toMatch(/^sshfs,108,/m);
    const sp = await sharebench('query', out, '--table', 'speedups', '--filter', "d.job === 'randread-psync'", '--format', 'json');
    const [s] = JSON.parse(sp.stdout);
    expect(s).toMatchObject({ candidate: 'virtiofs', baseline: 'sshfs', family: 'fs', significant: true, status: 'ok' });
    expect(s.ratio).toBeGreaterThan(40);
    const back = await sharebench('query', out, '--table', 'speedups', '--filter', "d.job === 'randread-psync' && d.family === 'explicit'", '--format', 'json');
    const [b] = JSON.parse(back.stdout);
    expect(b).toMatchObject({ candidate: 'sshfs', baseline: 'virtiofs', significant: true });
    expect(b.ratio).toBeCloseTo(1 / s.ratio, 10);
    const ctx = JSON.parse(await readFile(join(out, 'context.json'), 'utf8'));
    expect(ctx.envs.map((e: { name: string }) => e.name)).toEqual(['sshfs', 'virtiofs']);
    expect(ctx.envs[1]).toMatchObject({ fs: 'virtiofs', imported: { kernel: '5.17.0-rc1+' } });
    expect(ctx.envs[1].imported.legacy_header.RUNTIME).toBe('20');
  });

  it('classifies the sshfs header into fs, and keeps the mount line in every row', async () => {
    const out = join(await tmp(), 'legacy');
    await sharebench('import', LEGACY[0]!, '--out', out);
    const q = await sharebench('query', out, '--table', 'runs', '--select', 'env,fs,mount', '--limit', '1', '--format', 'json');
    expect(JSON.parse(q.stdout)[0]).toEqual({
      env: 'sshfs',
      fs: 'sshfs',
      mount: '/mnt/sshfs root@fs-i140:/mnt/intel-ssd-p1/sshfs-source/ fuse.sshfs rw,nosuid,nodev,relatime,user_id=0,group_id=0',
    });
  });

  const bad: Array<[string, (dir: string) => Promise<string[]>, RegExp]> = [
    ['an unknown format', async () => [...LEGACY.slice(0, 1), '--format', 'xml'], /--format: "xml" is not a format; use one of auto, json, terse, legacy/],
    ['an unreadable file', async (d) => [join(d, 'nope.json')], /nope\.json: cannot read it \(ENOENT\); check the path/],
    ['an empty file', async (d) => { await writeFile(join(d, 'empty.json'), ''); return [join(d, 'empty.json')]; }, /empty\.json: the file is empty/],
    ['a file that is not fio output', async (d) => { await writeFile(join(d, 'notes.txt'), 'hello\n'); return [join(d, 'notes.txt')]; }, /notes\.txt: not a fio output sharebench reads/],
    ['an unsafe env name', async () => [join(FIX, 'fio-3.33/json-psync-randread.json'), '--env', '../../x'], /--env: "..\/..\/x" is not a safe name/],
    [
      'fio\'s normal output, with the fio version it shows',
      async () => [join(FIX, 'corpus/chris-sanders/ceph-fio-results/randread-4k.out')],
      /randread-4k\.out:line 1: this is fio's normal \(human-readable\) output of fio-2\.2\.10, which sharebench does not read: .*--output-format=json\+/,
    ],
    [
      'JSON that is not a fio document',
      async () => [join(FIX, 'corpus/datamattsson/benk/a.log')],
      /a\.log:line 8: expected a fio JSON document with a "jobs" array .*found keys \["benk","log"\]/,
    ],
    [
      'a terse line shifted by a ; in the job name',
      async (d) => {
        await writeFile(join(d, 'shift.txt'), (await readFile(join(FIX, 'fio-3.33/terse-v3.txt'), 'utf8')).replace(';t3;', ';t;3;'));
        return [join(d, 'shift.txt')];
      },
      /shift\.txt:line 1: terse v3 field 14 \(clat min us of direction block 1\) is "0\.000000", expected an integer/,
    ],
    ['truncated JSON', async (d) => { const t = await readFile(join(FIX, 'fio-3.33/json-psync-randread.json'), 'utf8'); await writeFile(join(d, 'cut.json'), t.slice(0, 2000)); return [join(d, 'cut.json'), '--format', 'json']; }, /cut\.json/],
  ];
  for (const [what, args, message] of bad) {
    it(`refuses ${what}: one line, exit 2, nothing written`, async () => {
      const dir = await tmp();
      const out = join(dir, 'ds');
      // A good file first: it must not land either when a later one is bad.
      const r = await sharebench('import', join(FIX, 'fio-3.33/json-randrw-numjobs2-group.json'), ...(await args(dir)), '--out', out);
      expect(r.exitCode).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      expect(await readdir(dir).then((xs) => xs.includes('ds'))).toBe(false);
    });
  }

  it('imports a seed archive log: the -nan% of its failed runs are warnings, kept in context.json', async () => {
    const log = join(FIX, 'virtiofs-tests/performance-results/feb-23-2021/raw-data/cache-none/9p-cache-none-test-data.txt');
    const out = join(await tmp(), 'seed');
    const r = await sharebench('import', log, '--out', out);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(
      `${log}: legacy, fio-3.21, env 9p-none, 108 run rows, 18 warnings (line 849, terse v3 field 100 (latency bucket %) "-nan%": ` +
        'fio printed a non-number here (it does for a direction that moved no data); read as null; 17 more in context.json)',
    );
    const ctx = JSON.parse(await readFile(join(out, 'context.json'), 'utf8'));
    expect(ctx.imports[0]).toMatchObject({ fio_version: 'fio-3.21', format: 'legacy' });
    expect(ctx.imports[0].warnings).toHaveLength(18);
    expect(ctx.imports[0].warnings[0]).toEqual({
      file: 'raw/imports/9p-cache-none-test-data.txt', line: 849, field: 'terse v3 field 100 (latency bucket %)', value: '-nan%',
      message: expect.any(String),
    });
    // MOUNTPOINT=/mnt/virtio-9p hostShared 9p     rw,relatime,sync,dirsync,access=client,msize=512000,trans=virtio
    expect(ctx.envs[0]).toMatchObject({
      name: '9p-none', fs: '9p', cache: 'none', dax: false, numa: null, imported: { msize: 512000, dax_window_bytes: null },
    });
    const select = ['--select', 'repeat,direction,status,errno', '--format', 'json'];
    const q = await sharebench('query', out, '--table', 'runs', '--filter', "d => d.job === 'randwrite-mmap'", ...select);
    expect(JSON.parse(q.stdout)).toEqual([1, 2, 3].map((repeat) => ({ repeat, direction: 'write', status: 'unsupported', errno: 22 })));
  });

  it('imports every corpus file that holds fio results in one go, a line per file with format and fio version', async () => {
    const files = [
      'GoogleCloudPlatform/PerfKitBenchmarker/fio-parser-sample-result.json',
      'louwrentius/fio-plot/randread-01-64.json',
      'schrht/virt-perf-scripts/randrw-test.fiolog',
      'styliteag/fio-analyzer/fio_client_2clients.json',
      'louwrentius/fio-plot/write-64-1.json',
      'mcgrof/fio-tests/0003-bs4k-256iobs-4j-128qd-randrw.ini.out',
      'rewritten/fio_output.jq-c.json',
    ].map((f) => join(FIX, 'corpus', f));
    const out = join(await tmp(), 'corpus');
    const r = await sharebench('import', ...files, '--out', out);
    expect(r.exitCode, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.slice(0, files.length).map((l) => l.slice(l.lastIndexOf('/') + 1))).toEqual([
      'fio-parser-sample-result.json: json, fio-2.1.4, env fio-parser-sample-result, 5 run rows, 0 warnings',
      'randread-01-64.json: json, fio-2.18-59-g618e, env randread-01-64, 1 run row, 0 warnings',
      'randrw-test.fiolog: json+, fio-3.2, env randrw-test.fiolog, 2 run rows, 0 warnings',
      'fio_client_2clients.json: json, fio-3.43, env fio_client_2clients, 3 run rows, 0 warnings',
      'write-64-1.json: json, fio-3.33, env write-64-1, 1 run row, 0 warnings',
      '0003-bs4k-256iobs-4j-128qd-randrw.ini.out: terse, fio-3.1, env 0003-bs4k-256iobs-4j-128qd-randrw.ini, 2 run rows, ' +
        '1 warning (line 1, terse v3 field 3 (jobname) "": the job has no name; it is reported as "unnamed-g0")',
      'fio_output.jq-c.json: json, fio-3.36, env fio_output.jq-c, 1 run row, 0 warnings',
    ]);
    // fio-2.18: "io_bytes" : 19564 (KiB) over "runtime" : 10258 ms; "bw" : 1907 KiB/s.
    const select = ['--select', 'bw_bytes,io_bytes,numjobs,clat_p99_ns', '--format', 'json'];
    const q = await sharebench('query', out, '--table', 'runs', '--filter', "d => d.env === 'randread-01-64'", ...select);
    const [row] = JSON.parse(q.stdout);
    expect(row).toMatchObject({ io_bytes: 19564 * 1024, numjobs: 64, clat_p99_ns: 774144000 });
    expect(Math.floor(row.bw_bytes / 1024)).toBe(1907);
  });

  it('does not touch an existing dataset when an import fails', async () => {
    const dir = await tmp();
    const out = join(dir, 'ds');
    expect((await sharebench('import', join(FIX, 'fio-3.33/json-psync-randread.json'), '--out', out)).exitCode).toBe(0);
    const before = await readFile(join(out, 'context.json'), 'utf8');
    await mkdir(join(dir, 'x'));
    await writeFile(join(dir, 'x', 'bad.json'), '{\n"jobs": [\n');
    const r = await sharebench('import', join(dir, 'x', 'bad.json'), '--out', out, '--format', 'json');
    expect(r.exitCode).toBe(2);
    expect(await readFile(join(out, 'context.json'), 'utf8')).toBe(before);
    expect(await readdir(join(out, 'raw/imports'))).toEqual(['json-psync-randread.json']);
  });

  it('answers --help fast and unknown commands with exit 2', async () => {
    const h = await sharebench('--help');
    expect(h.exitCode).toBe(0);
    expect(h.stdout).toMatch(/Commands:\n {2}run .*\n {2}import/);
    const u = await sharebench('frobnicate');
    expect(u.exitCode).toBe(2);
    expect(u.stderr).toMatch(/unknown command "frobnicate"; commands are run, import/);
    const f = await sharebench('import', 'x', '--bogus');
    expect(f.exitCode).toBe(2);
    expect(f.stderr).toMatch(/Unknown option '--bogus'.*sharebench import --help/);
  });
});
