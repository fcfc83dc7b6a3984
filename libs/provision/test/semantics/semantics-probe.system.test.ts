import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SharebenchError } from '@sharebench/core';
import { buildProbe, type ProbeBinary } from '../../src/semantics/build-probe.js';
import { localHostSide, runProbe, type HostSide } from '../../src/semantics/run-probe.js';
import { PROBE_CHECKS, type ProbeCheck, type ProbeResult } from '../../src/semantics/probe-checks.js';
import type { ProbeRow } from '../../src/semantics/parse-probe.js';
import { readElf } from '@sharebench/guest-image';

// The real probe, compiled by the host's gcc, on two real file systems: a directory on the root
// file system (ext4 on this kind of machine) and a tmpfs mounted for the test.
//
// What each should do comes from the kernels' documented behaviour, not from the probe:
// - tmpfs takes O_DIRECT since Linux 6.6 (commit e88e0d366f9c "tmpfs: trivial support for direct
//   IO": shmem_file_open sets FMODE_CAN_ODIRECT) and user.* xattrs since 6.6 (commit 2daf18a7884d
//   "tmpfs,xattr: enable limited user extended attributes", Documentation/filesystems/tmpfs.rst);
//   before, open(O_DIRECT) fails with EINVAL and setxattr(user.*) with EOPNOTSUPP.
// - Both export file handles (ext4_export_ops; tmpfs sets sb->s_export_op = &shmem_export_ops),
//   so name_to_handle_at works, and open_by_handle_at works for root (open_by_handle_at(2):
//   "requires the CAP_DAC_READ_SEARCH capability").
// - Both implement fallocate with PUNCH_HOLE|KEEP_SIZE, SEEK_HOLE/SEEK_DATA, O_TMPFILE and
//   renameat2's RENAME_NOREPLACE/EXCHANGE (Linux 3.5-3.17); both are case-sensitive unless made
//   with casefolding (ext4 `casefold` feature, tmpfs `casefold` option since 6.13), which the
//   root fs here and the test's tmpfs are not.
// - inotify sees a change made by another process of the same kernel (inotify(7)).
// The statfs numbers and the timestamp resolution are checked against coreutils' `stat -f` and
// `touch -d` + `stat`, a second implementation reading the same kernel.
const [major, minor] = release().split('.').map(Number) as [number, number];
const atLeast66 = major > 6 || (major === 6 && minor >= 6);

/** Expected results on ext4 and tmpfs on this kernel: ok everywhere but tmpfs before 6.6. */
type Outcome = { result: ProbeResult; errno: string | null };

function documented(fs: 'ext4' | 'tmpfs'): Record<ProbeCheck, Outcome> {
  const out = Object.fromEntries(PROBE_CHECKS.map((c) => [c, { result: 'ok', errno: null }])) as Record<ProbeCheck, Outcome>;
  if (fs === 'tmpfs' && !atLeast66) {
    out.o_direct = { result: 'fails', errno: 'EINVAL' };
    out.xattr_user = { result: 'fails', errno: 'EOPNOTSUPP' };
  }
  return out;
}

const byCheck = (rows: readonly ProbeRow[]) => new Map(rows.map((r) => [r.check, r]));

describe('semantics/semantics-probe (system)', { timeout: 120_000 }, () => {
  let work: string;
  let cacheDir: string;
  let rootDir: string;
  let tmpfsDir: string;
  let probe: ProbeBinary;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'sharebench-probe-test-'));
    cacheDir = join(work, 'cache');
    // /var/tmp rather than the OS temp directory: it is on the root file system (asserted below).
    rootDir = await mkdtemp('/var/tmp/sharebench-probe-test-');
    tmpfsDir = join(work, 'tmpfs');
    await mkdir(tmpfsDir);
    await execa('mount', ['-t', 'tmpfs', '-o', 'size=64m,mode=0755', 'sharebench-probe-test', tmpfsDir]);
    probe = await buildProbe(cacheDir);
  });

  afterAll(async () => {
    if (tmpfsDir) await execa('umount', [tmpfsDir], { reject: false });
    if (rootDir) await rm(rootDir, { recursive: true, force: true });
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('builds a static program once per source and compiler, and reuses it', async () => {
    expect(probe.built).toBe(true);
    expect(probe.path).toBe(join(cacheDir, 'probe', probe.digest, 'semantics-probe'));
    expect(probe.compiler).toMatch(/gcc|cc/i);
    expect(readElf(await readFile(probe.path), probe.path).interpreter).toBeNull();
    const again = await buildProbe(cacheDir);
    expect(again).toEqual({ ...probe, built: false });
    // Only the finished program is in the cache directory: the build wrote a temporary name first.
    expect(await readdir(join(cacheDir, 'probe', probe.digest))).toEqual(['semantics-probe']);
    const list = await execa(probe.path, ['--list']);
    expect(list.stdout.split('\n')).toEqual([...PROBE_CHECKS]);
  });

  it('says what to install when there is no compiler, and shows the compiler\'s words when a build fails, leaving nothing behind', async () => {
    const noCc = (await buildProbe(cacheDir, { cc: 'sharebench-no-such-cc' }).catch((e: unknown) => e)) as SharebenchError;
    expect(noCc).toBeInstanceOf(SharebenchError);
    expect(noCc.message).toMatch(/^no C compiler to build the semantics probe: sharebench-no-such-cc cannot be run \(.*ENOENT.*\); install one with: apt-get install gcc libc6-dev$/);
    // A source that does not compile: a fault beside the real one.
    const bad = join(work, 'bad.c');
    await writeFile(bad, 'int main(void) { return undeclared; }\n');
    const failed = (await buildProbe(cacheDir, { sourcePath: bad }).catch((e: unknown) => e)) as SharebenchError;
    expect(failed.message).toMatch(/^building the semantics probe failed: cc -static -O2 -Wall -Wextra -Werror -o \S+ \S+bad\.c exited 1: .*error: .undeclared. undeclared/);
    const digestDir = failed.message.match(/-o (\S+)\/\.semantics-probe\.\S+\.tmp/)![1]!;
    expect(await readdir(digestDir)).toEqual([]);
  });

  const cases = [
    { name: 'a directory on the root file system (ext4)', fs: 'ext4' as const, dir: () => rootDir, magic: 'ef53' },
    { name: 'a tmpfs', fs: 'tmpfs' as const, dir: () => tmpfsDir, magic: '1021994' },
  ];

  for (const c of cases) {
    it(`on ${c.name}: every check as documented for this kernel, the runner's change seen by inotify, nothing left behind`, async () => {
      const dir = c.dir();
      const fsStat = await execa('stat', ['-f', '-c', '%t %S %s %b %l', dir]);
      const [type, frsize, bsize, blocks, namelen] = fsStat.stdout.trim().split(' ');
      const mountType = (await execa('findmnt', ['-n', '-o', 'FSTYPE', '--target', dir])).stdout.trim();
      expect(mountType).toBe(c.fs);
      expect(type).toBe(c.magic);
      if (c.fs === 'ext4') expect((await stat(dir)).dev).toBe((await stat('/')).dev);

      const run = await runProbe({ binary: probe.path, dir });
      expect(run.begin).toMatchObject({ protocol: 1, kernel: release(), euid: 0 });
      expect(run.end).toEqual({ rows: PROBE_CHECKS.length - 2, clean: true, detail: '' });
      expect(await readdir(dir)).toEqual([]);

      const rows = byCheck(run.rows);
      expect([...rows.keys()].sort()).toEqual([...PROBE_CHECKS].sort());
      const want = documented(c.fs);
      const got = Object.fromEntries(run.rows.map((r) => [r.check, { result: r.result, errno: r.errno }]));
      expect(got).toEqual(want);

      expect(rows.get('statfs')!.detail).toContain(
        `mount_type=${mountType} f_type=0x${c.magic} fs=${c.fs === 'ext4' ? 'ext2/3/4' : 'tmpfs'} f_bsize=${bsize} f_frsize=${frsize} f_blocks=${blocks} `,
      );
      expect(rows.get('statfs')!.detail).toContain(`f_namelen=${namelen} `);

      const stamped = join(dir, 'stamped');
      await execa('touch', ['-d', '@1700000000.987654321', stamped]);
      const shown = (await execa('stat', ['-c', '%y', stamped])).stdout;
      await rm(stamped);
      expect(shown).toMatch(/:20\.987654321 /);
      expect(rows.get('mtime_granularity')!.detail).toMatch(/^resolution_ns=1 /);

      expect(rows.get('inotify')!.detail).toMatch(/^events CREATE\b.*CLOSE_WRITE/);
      expect(rows.get('owner_on_host')!.detail).toBe('the runner sees type=file uid=4242 gid=4242 mode=0640, as the probe does');
      expect(rows.get('symlink_on_host')!.detail).toBe('the runner sees type=symlink uid=0 gid=0 mode=0777, as the probe does');
    });
  }

  it('cuts a check that hangs at its bound, reports it and goes on to the next', async () => {
    const run = await runProbe({
      binary: probe.path,
      dir: rootDir,
      only: ['hard_link', 'xattr_user', 'statfs'],
      timeoutMs: 500,
      env: { SHAREBENCH_PROBE_HANG: 'xattr_user' },
    });
    expect(run.rows.map((r) => [r.check, r.result, r.errno])).toEqual([
      ['hard_link', 'ok', null],
      ['xattr_user', 'fails', 'ETIMEDOUT'],
      ['statfs', 'ok', null],
    ]);
    expect(run.rows[1]!.detail).toBe('no result within 500 ms; killed at: blocked on a FIFO no one writes (SHAREBENCH_PROBE_HANG)');
    expect(run.end.clean).toBe(true);
    expect(await readdir(rootDir)).toEqual([]);
  });

  it('reports the two-sided checks unsupported, with the reason, when the runner cannot act', async () => {
    // Faults beside the real host side: creating the file fails; lstat sees another owner.
    const side: HostSide = {
      createFile: () => Promise.reject(new Error('EROFS: read-only file system, open')),
      lstat: async (path) => ({ ...(await localHostSide.lstat(path)), uid: 0 }),
    };
    const run = await runProbe({ binary: probe.path, dir: rootDir, hostSide: side, only: ['inotify', 'chown'] });
    const rows = byCheck(run.rows);
    expect(rows.get('inotify')).toEqual({
      check: 'inotify',
      result: 'unsupported',
      errno: null,
      detail: 'the runner could not act: EROFS: read-only file system, open',
    });
    expect(rows.get('owner_on_host')).toEqual({
      check: 'owner_on_host',
      result: 'differs',
      errno: null,
      detail: 'the runner sees type=file uid=0 gid=4242 mode=0640; the probe sees type=file uid=4242 gid=4242 mode=0640',
    });
    expect(rows.get('chown')?.result).toBe('ok');
    expect(await readdir(rootDir)).toEqual([]);
  });

  it('fails with the probe\'s own words when it refuses its arguments or cannot work in the directory', async () => {
    const refused = (await runProbe({ binary: probe.path, dir: rootDir, only: ['owner_on_host'] }).catch((e: unknown) => e)) as SharebenchError;
    expect(refused).toBeInstanceOf(SharebenchError);
    expect(refused.message).toMatch(/semantics-probe \S+ --only owner_on_host .* refused its arguments: semantics-probe: --only: owner_on_host is a row the runner emits/);
    const missing = join(work, 'no-such-dir');
    const absent = (await runProbe({ binary: probe.path, dir: missing }).catch((e: unknown) => e)) as SharebenchError;
    expect(absent.message).toContain(`refused its arguments: semantics-probe: DIR ${missing}: No such file or directory`);
  });

  it('runs without a runner: the two-sided checks say so instead of waiting', async () => {
    const r = await execa(probe.path, [rootDir, '--only', 'inotify,chown,symlink'], { stdin: 'ignore' });
    const rows: Array<[string, string]> = r.stdout.split('\n').filter((l) => /^\w+\t(ok|fails|differs|unsupported)\t/.test(l)).map((l) => {
      const [check, result] = l.split('\t');
      return [check!, result!];
    });
    expect(rows).toEqual([
      ['symlink_on_host', 'unsupported'],
      ['symlink', 'ok'],
      ['owner_on_host', 'unsupported'],
      ['chown', 'ok'],
      ['inotify', 'unsupported'],
    ]);
    expect(r.stdout).toContain('inotify\tunsupported\t\tno runner on the other side (stdin closed)');
    expect(await readdir(rootDir)).toEqual([]);
  });
});

