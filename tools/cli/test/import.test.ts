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
    expect(s).toMatchObject({ candidate: 'virtiofs', baseline: 'sshfs', pair: 'fs', significant: true, status: 'ok' });
    expect(s.ratio).toBeGreaterThan(40);
    const back = await sharebench('query', out, '--table', 'speedups', '--filter', "d.job === 'randread-psync' && d.pair === 'explicit'", '--format', 'json');
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
    expect(JSON.parse(q.stdout)[0]).toEqual({ env: 'sshfs', fs: 'sshfs', mount: '/mnt/sshfs root@fs-i140:/mnt/intel-ssd-p1/sshfs-source/ fuse.sshfs rw,nosuid,nodev,relatime,user_id=0,group_id=0' });
  });

  const bad: Array<[string, (dir: string) => Promise<string[]>, RegExp]> = [
    ['an unknown format', async () => [...LEGACY.slice(0, 1), '--format', 'xml'], /--format: "xml" is not a format; use one of auto, json, terse, legacy/],
    ['an unreadable file', async (d) => [join(d, 'nope.json')], /nope\.json: cannot read it \(ENOENT\); check the path/],
    ['an empty file', async (d) => { await writeFile(join(d, 'empty.json'), ''); return [join(d, 'empty.json')]; }, /empty\.json: the file is empty/],
    ['a file that is not fio output', async (d) => { await writeFile(join(d, 'notes.txt'), 'hello\n'); return [join(d, 'notes.txt')]; }, /notes\.txt: not a fio output sharebench reads/],
    ['an unsafe env name', async () => [join(FIX, 'fio-3.33/json-psync-randread.json'), '--env', '../../x'], /--env: "..\/..\/x" is not a safe name/],
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
