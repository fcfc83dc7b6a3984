import { describe, expect, it } from 'vitest';
import {
  normalizeCampaign, buildPlan, fioArgs, fioFiles, campaignHash, estimateMs, shrinkCampaign, type IoJobSpec, type MetaJobSpec,
} from '@sharebench/execute';
import type { VirtiofsEnvSpec } from '@sharebench/provision';

const FILE = '/x/data/t/campaign.json';
const base = () => ({
  envs: [
    { name: 'host', kind: 'host' },
    { name: 'virtiofs-auto', kind: 'virtiofs', cache: 'auto' },
    { name: '9p-mmap', kind: '9p', cache: 'mmap' },
  ],
  fio: { workloads: ['randread', 'randrw'], ioengines: ['psync', 'mmap'], numjobs: [1, 4], size: '4G', runtime: '20s' },
});
const norm = (raw: unknown) => normalizeCampaign(raw, FILE, 't');

describe('execute/campaign/normalize', () => {
  it('normalizes loose values into base units with the seed defaults', () => {
    const c = norm(base());
    expect(c.name).toBe('t');
    expect(c.repeats).toBe(3);
    expect(c.order).toBe('interleaved');
    expect(c.jobs.map((j) => j.name)).toEqual([
      'randread-psync', 'randread-psync-multi', 'randread-mmap', 'randread-mmap-multi',
      'randrw-psync', 'randrw-psync-multi', 'randrw-mmap', 'randrw-mmap-multi',
    ]);
    expect(c.jobs[0]).toMatchObject({ rw: 'randread', blocksize_bytes: 4096, iodepth: 16, size_bytes: 4 * 1024 ** 3, runtime_ms: 20_000, numjobs: 1 });
    expect(c.jobs[1]!.numjobs).toBe(4);
    expect(c.envs[1]).toMatchObject({ kind: 'virtiofs', cache: 'auto', daxWindowBytes: null, vcpus: 2, memoryBytes: 1024 ** 3 });
    expect(c.envs[1]).not.toHaveProperty('msize');
    expect(c.envs[2]).toMatchObject({ kind: '9p', cache: 'mmap', msize: 512000 });
  });

  it('reads the job counts as fio.numjobs, and the old key fio.jobs with a one-line note', () => {
    const counts = (fio: Record<string, unknown>) => norm({ ...base(), fio: { workloads: ['randread'], ioengines: ['psync'], ...fio } });
    expect(counts({ numjobs: [1, 4] }).jobs.map((j) => j.numjobs)).toEqual([1, 4]);
    expect(counts({ numjobs: [1, 4] }).notes).toEqual([]);
    const old = counts({ jobs: [1, 4] });
    expect(old.jobs.map((j) => j.numjobs)).toEqual([1, 4]);
    expect(old.notes).toEqual([`${FILE}: fio.jobs is deprecated: rename it fio.numjobs (the same job counts)`]);
    expect(() => counts({ jobs: [1], numjobs: [4] })).toThrow(/fio\.jobs: is the old name of fio\.numjobs, which is also given; keep numjobs only/);
    expect(() => counts({ numjobs: [0] })).toThrow(/fio\.numjobs\[0\]: 0 is not a job count from 1 to 64/);
  });

  const cases: Array<[string, (raw: ReturnType<typeof base>) => unknown, RegExp]> = [
    ['an unknown cache mode', (r) => ((r.envs[1] as Record<string, unknown>).cache = 'fast', r), /campaign\.json: envs\[1\]\.cache: "fast" is not a virtio-fs cache mode; allowed: none, never, metadata, auto, always/],
    ['a 9p cache mode given to virtio-fs', (r) => ((r.envs[1] as Record<string, unknown>).cache = 'loose', r), /envs\[1\]\.cache: "loose" is not a virtio-fs cache mode/],
    ['a negative runtime', (r) => ((r.fio as Record<string, unknown>).runtime = '-5s', r), /campaign\.json: fio\.runtime: "-5s" is not a positive duration/],
    ['an unknown key', (r) => ((r.envs[0] as Record<string, unknown>).directory = '/tmp', r), /campaign\.json: envs\[0\]\.directory: unknown key; allowed keys here: name, kind, dir/],
    ['an unknown top-level key', (r) => ({ ...r, repeat: 3 }), /campaign\.json: repeat: unknown key/],
    ['a duplicate env name', (r) => (r.envs.push({ name: 'host', kind: 'host' }), r), /envs\[3\]\.name: duplicate env name "host"/],
    ['an unsafe env name', (r) => ((r.envs[0] as Record<string, unknown>).name = '../../x', r), /envs\[0\]\.name: "..\/..\/x" is not a safe name/],
    ['an unknown kind', (r) => ((r.envs[0] as Record<string, unknown>).kind = 'nfs', r), /envs\[0\]\.kind: "nfs" is not an environment kind; allowed: host, virtiofs, 9p/],
    ['an unknown workload', (r) => (r.fio.workloads.push('randtrim'), r), /fio\.workloads\[2\]: "randtrim" is not a workload; allowed: seqread, randread, seqwrite, randwrite, randrw/],
    ['a bad size', (r) => ((r.fio as Record<string, unknown>).size = 'big', r), /fio\.size: "big" is not a size/],
    ['a zero repeat count', (r) => ({ ...r, repeats: 0 }), /repeats: 0 is not an integer from 1 to 1000/],
    ['an unknown order', (r) => ({ ...r, order: 'random' }), /order: "random" is not a run order; allowed: sequential, interleaved, shuffled/],
    ['a long virtio-fs tag', (r) => ((r.envs[1] as Record<string, unknown>).tag = 'x'.repeat(37), r), /envs\[1\]\.tag: .* at most 36 bytes/],
    ['an extra option sharebench sets itself', (r) => ((r.fio as Record<string, unknown>).extra = ['--directory=/'], r), /fio\.extra\[0\]: "--directory=\/" is set by sharebench itself/],
    ['cache none asked of the Rust daemon', (r) => ((r.envs[1] as Record<string, unknown>).daemon = 'rust', (r.envs[1] as Record<string, unknown>).cache = 'none', r), /envs\[1\]\.cache: "none" is not a Rust virtiofsd cache mode \(the Rust virtiofsd calls cache=none "never": use "never"\); allowed: never, metadata, auto, always/],
    ['cache metadata asked of the C daemon', (r) => ((r.envs[1] as Record<string, unknown>).daemon = 'c', (r.envs[1] as Record<string, unknown>).cache = 'metadata', r), /envs\[1\]\.cache: "metadata" is not a C virtiofsd cache mode \(the C virtiofsd has no metadata; "none" is its no-cache policy\); allowed: none, auto, always/],
    ['a Rust-only option on the C daemon', (r) => ((r.envs[1] as Record<string, unknown>).daemon = 'c', (r.envs[1] as Record<string, unknown>).allow_mmap = true, r), /envs\[1\]\.allow_mmap: only the Rust virtiofsd has this option/],
    ['an unknown daemon', (r) => ((r.envs[1] as Record<string, unknown>).daemon = 'go', r), /envs\[1\]\.daemon: "go" is not a virtiofsd; allowed: c, rust/],
    ['a qemu that is neither a path, a suite nor a version', (r) => ((r.envs[1] as Record<string, unknown>).qemu = 'bookworm-backport', r), /^\/x\/data\/t\/campaign\.json: envs\[1\]\.qemu: "bookworm-backport" is neither a path to a qemu-system-x86_64, nor a Debian suite \(bookworm-backports, trixie\), nor a qemu-system-x86 package version such as "1:10\.0\.2\+ds-2\+deb13u1~bpo12\+1"; give one of these$/],
    ['an exclusion that matches nothing', (r) => ({ ...r, exclude: [{ job: 'seqwrite-*' }] }), /exclude\[0\]\.job: "seqwrite-\*" matches no job/],
  ];
  for (const [what, mutate, message] of cases) {
    it(`refuses ${what} with file, path, value and the allowed ones`, () => {
      expect(() => norm(mutate(base()))).toThrow(message);
    });
  }

  it('lets O_DIRECT through the daemon when the jobs are direct, unless told otherwise; takes the stack per env', () => {
    const direct = norm(base()).envs[1] as VirtiofsEnvSpec;
    expect(direct).toMatchObject({ daemon: null, allowDirectIo: true, allowMmap: false, inodeFileHandles: null, qemuPath: null, guestKernel: null });
    const buffered = norm({ ...base(), fio: { ...base().fio, direct: false } }).envs[1] as VirtiofsEnvSpec;
    expect(buffered.allowDirectIo).toBe(false);
    const raw = base();
    Object.assign(raw.envs[1]!, {
      daemon: 'rust',
      cache: 'never',
      allow_direct_io: false,
      allow_mmap: true,
      inode_file_handles: 'prefer',
      thread_pool_size: 4,
      qemu: '/opt/qemu',
      guest_kernel: 'bookworm-backports',
    });
    expect(norm(raw).envs[1]).toMatchObject({
      daemon: 'rust',
      cache: 'never',
      allowDirectIo: false,
      allowMmap: true,
      inodeFileHandles: 'prefer',
      threadPoolSize: 4,
      qemuPath: '/opt/qemu',
      guestKernel: 'bookworm-backports',
    });
    Object.assign(raw.envs[2]!, { cache: 'readahead', msize: 131072 });
    expect(norm(raw).envs[2]).toMatchObject({ kind: '9p', cache: 'readahead', msize: 131072 });
  });

  it('takes "qemu" as a path, a Debian suite or a qemu-system-x86 package version', () => {
    const withQemu = (qemu: string) => {
      const raw = base();
      Object.assign(raw.envs[1]!, { qemu });
      return norm(raw).envs[1];
    };
    expect(withQemu('./qemu/bin/qemu-system-x86_64')).toMatchObject({ qemuPath: './qemu/bin/qemu-system-x86_64', qemuPackage: null });
    expect(withQemu('bookworm-backports')).toMatchObject({ qemuPath: null, qemuPackage: { suite: 'bookworm-backports' } });
    expect(withQemu('1:10.0.2+ds-2+deb13u1~bpo12+1')).toMatchObject({ qemuPath: null, qemuPackage: { version: '1:10.0.2+ds-2+deb13u1~bpo12+1' } });
    expect(norm(base()).envs[1]).toMatchObject({ qemuPath: null, qemuPackage: null });
  });

  it('applies exclusions to the cells', () => {
    const c = norm({ ...base(), exclude: [{ env: '9p-*', job: '*-mmap*' }, 'randrw-psync-multi'] });
    expect(c.cells.filter((x) => x.env === '9p-mmap').map((x) => x.job)).toEqual(['randread-psync', 'randread-psync-multi', 'randrw-psync']);
    expect(c.cells.filter((x) => x.env === 'host')).toHaveLength(7);
  });
});

describe('execute/plan/build-plan', () => {
  const c = norm({ ...base(), repeats: 2, envs: base().envs.slice(0, 1), fio: { ...base().fio, workloads: ['randread'], ioengines: ['psync'] } });
  it('orders sequentially or interleaved inside each env', () => {
    expect(buildPlan({ ...c, order: 'sequential' }).runs.map((r) => r.id)).toEqual([
      'host/randread-psync/r1', 'host/randread-psync/r2', 'host/randread-psync-multi/r1', 'host/randread-psync-multi/r2',
    ]);
    expect(buildPlan({ ...c, order: 'interleaved' }).runs.map((r) => r.id)).toEqual([
      'host/randread-psync/r1', 'host/randread-psync-multi/r1', 'host/randread-psync/r2', 'host/randread-psync-multi/r2',
    ]);
  });
  it('shuffles reproducibly from the recorded seed', () => {
    const big = norm({ ...base(), repeats: 3, order: 'shuffled', seed: 7 });
    const a = buildPlan(big).runs.map((r) => r.id);
    expect(buildPlan(big).runs.map((r) => r.id)).toEqual(a);
    expect(buildPlan({ ...big, seed: 8 }).runs.map((r) => r.id)).not.toEqual(a);
    expect([...a].sort()).toEqual(buildPlan({ ...big, order: 'sequential' }).runs.map((r) => r.id).sort());
  });
  it('narrows by env and job, and refuses names that are not there', () => {
    const full = norm(base());
    expect(buildPlan(full, { envs: ['9p-mmap'], jobs: ['randrw-*'] }).runs.every((r) => r.env === '9p-mmap' && r.job.name.startsWith('randrw-'))).toBe(true);
    expect(() => buildPlan(full, { envs: ['nfs'] })).toThrow(/--env: no env "nfs" .*envs are host, virtiofs-auto, 9p-mmap/);
    expect(() => buildPlan(full, { jobs: ['seqwrite-*'] })).toThrow(/--jobs: "seqwrite-\*" matches no job/);
  });
  it('builds an argv for fio with the seed job options', () => {
    const multi = norm(base()).jobs.find((j) => j.name === 'randrw-psync-multi') as IoJobSpec;
    expect(fioArgs(multi)).toEqual([
      '--name=randrw-psync-multi', '--rw=randrw', '--bs=4k', '--iodepth=16', '--ioengine=psync', '--size=4g', '--numjobs=4',
      '--runtime=20000ms', '--direct=1', '--filename_format=sharebench.$jobnum.$filenum', '--rwmixread=75', '--group_reporting', '--time_based',
    ]);
  });
  it('hashes what is measured: runtime changes it, repeats do not', () => {
    const c0 = norm(base());
    expect(campaignHash(shrinkCampaign(c0, { repeats: 5 }))).toBe(campaignHash(c0));
    expect(campaignHash(shrinkCampaign(c0, { runtimeMs: 1000 }))).not.toBe(campaignHash(c0));
    // Job kinds, the sandbox and the 9p security model came later: a campaign measuring what it did
    // then (9p's security model none, the daemons' default sandbox) keeps its hash, so its datasets still resume.
    const asBefore = base();
    (asBefore.envs[2] as Record<string, unknown>).security_model = 'none';
    expect(campaignHash(norm(asBefore))).toBe('c19e39f5da11b79f');
    (asBefore.envs[1] as Record<string, unknown>).sandbox = 'namespace';
    expect(campaignHash(norm(asBefore))).toBe('c19e39f5da11b79f');
    // 9p's new default, mapped-xattr, and another sandbox are other measurements.
    expect(campaignHash(c0)).not.toBe('c19e39f5da11b79f');
    (asBefore.envs[1] as Record<string, unknown>).sandbox = 'chroot';
    expect(campaignHash(norm(asBefore))).not.toBe('c19e39f5da11b79f');
  });

  it("reads 9p's security_model (mapped-xattr unless told) and virtiofsd's sandbox (namespace unless told)", () => {
    const c = norm(base());
    expect(c.envs[1]).toMatchObject({ kind: 'virtiofs', sandbox: 'namespace' });
    expect(c.envs[2]).toMatchObject({ kind: '9p', securityModel: 'mapped-xattr' });
    const raw = base();
    Object.assign(raw.envs[1]!, { daemon: 'rust', sandbox: 'none' });
    Object.assign(raw.envs[2]!, { security_model: 'none' });
    expect(norm(raw).envs.slice(1)).toMatchObject([{ sandbox: 'none' }, { securityModel: 'none' }]);
    const bad: Array<[Record<string, unknown>, number, RegExp]> = [
      [{ security_model: 'passthrough' }, 2, /envs\[2\]\.security_model: "passthrough" is not a 9p security model; allowed: mapped-xattr, none$/],
      [{ sandbox: 'jail' }, 1, /envs\[1\]\.sandbox: "jail" is not a virtiofsd sandbox; allowed: namespace, chroot, none$/],
      [{ daemon: 'c', sandbox: 'none' }, 1, /envs\[1\]\.sandbox: "none" is the Rust virtiofsd's only; the C one takes namespace or chroot$/],
      [{ sandbox: 'namespace' }, 2, /envs\[2\]\.sandbox: unknown key/],
    ];
    for (const [over, at, message] of bad) {
      const r = base();
      Object.assign(r.envs[at]!, over);
      expect(() => norm(r)).toThrow(message);
    }
  });
});

describe('execute/campaign/normalize (metadata and tree jobs)', () => {
  const small = (over: Record<string, unknown> = {}) => ({
    envs: [{ name: 'host', kind: 'host' }],
    fio: { workloads: ['filecreate', 'filestat', 'randread'], ioengines: ['psync'], numjobs: [1, 4], nrfiles: 200, filesize: '1k' },
    tree: { dirs: 5, files_per_dir: 10, file_size: '2k', ops: ['untar', 'walk', 'read', 'delete'] },
    ...over,
  });

  it('makes one metadata job per engine and job count (the engine is the workload), and one tree job per operation', () => {
    const c = norm(small());
    expect(c.jobs.map((j) => `${j.kind}:${j.name}`)).toEqual([
      'meta:filecreate', 'meta:filecreate-multi', 'meta:filestat', 'meta:filestat-multi',
      'io:randread-psync', 'io:randread-psync-multi',
      'tree:tree-untar', 'tree:tree-walk', 'tree:tree-read', 'tree:tree-delete',
    ]);
    expect(c.jobs[0]).toMatchObject({ workload: 'filecreate', ioengine: 'filecreate', numjobs: 1, nrfiles: 200, filesize_bytes: 1024, size_bytes: 200 * 1024 });
    const tree = { dirs: 5, files_per_dir: 10, file_size_bytes: 2048 };
    expect(c.jobs[6]).toMatchObject({ workload: 'untar', ioengine: 'busybox', tree, size_bytes: 50 * 2048 });
  });

  it('takes the issue\'s defaults: 1000 files of 4 KiB, a tree of 50 x 200 x 4 KiB, every operation; a tree alone runs no fio matrix', () => {
    const c = norm({ envs: [{ name: 'host', kind: 'host' }], fio: { workloads: ['filedelete'], numjobs: [1] }, tree: {} });
    expect(c.jobs[0]).toMatchObject({ kind: 'meta', nrfiles: 1000, filesize_bytes: 4096 });
    expect(c.jobs.slice(1).map((j) => j.name)).toEqual(['tree-untar', 'tree-walk', 'tree-read', 'tree-delete']);
    expect(c.jobs[1]).toMatchObject({ tree: { dirs: 50, files_per_dir: 200, file_size_bytes: 4096 } });
    expect(norm({ envs: [{ name: 'host', kind: 'host' }], tree: { ops: ['walk'] } }).jobs.map((j) => j.name)).toEqual(['tree-walk']);
    // Ten thousand file operations under TCG need more than the two-minute floor: up to 100 ms each.
    expect(c.timeoutMs).toBeGreaterThanOrEqual(10_051 * 100);
  });

  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    ['an unknown tree operation', { tree: { ops: ['copy'] } }, /tree\.ops\[0\]: "copy" is not a tree operation; allowed: untar, walk, read, delete/],
    ['an operation listed twice', { tree: { ops: ['walk', 'walk'] } }, /tree\.ops\[1\]: "walk" is listed twice/],
    ['an unknown tree key', { tree: { depth: 3 } }, /tree\.depth: unknown key; allowed keys here: dirs, files_per_dir, file_size, ops/],
    ['a tree of no directories', { tree: { dirs: 0 } }, /tree\.dirs: 0 is not an integer from 1/],
    ['a bad file size', { tree: { file_size: 'tiny' } }, /tree\.file_size: "tiny" is not a size/],
    ['nrfiles without a metadata workload', { fio: { workloads: ['randread'], nrfiles: 10 } }, /fio\.nrfiles: sizes the metadata workloads \(filecreate/],
  ];
  for (const [what, over, message] of cases) {
    it(`refuses ${what}`, () => {
      expect(() => norm({ envs: [{ name: 'host', kind: 'host' }], ...over })).toThrow(message);
    });
  }

  it('gives a metadata job its own workdir; filecreate starts from an empty one without layout', () => {
    const c = norm(small());
    const create = c.jobs[0] as MetaJobSpec;
    expect(fioArgs(create)).toEqual([
      '--name=filecreate', '--ioengine=filecreate', '--rw=read', '--bs=1k', '--filesize=1k', '--nrfiles=200', '--openfiles=1', '--numjobs=1',
      '--filename_format=sharebench.filecreate/f.$jobnum.$filenum',
    ]);
    expect(fioFiles(create)).toEqual({ workdir: { name: 'sharebench.filecreate', fresh: true }, layout: false });
    const stat = c.jobs[3] as MetaJobSpec;
    expect(fioArgs(stat)).toContain('--group_reporting');
    expect(fioFiles(stat)).toEqual({ workdir: { name: 'sharebench.filestat-multi', fresh: false }, layout: true });
    expect(fioFiles(c.jobs[4] as IoJobSpec)).toEqual({});
  });

  it('selects tree jobs by name, leaves them alone when shrinking, and estimates their file operations', () => {
    const c = norm(small());
    const ids = buildPlan(c, { jobs: ['tree-*'] }).runs.map((r) => r.id);
    expect(ids.slice(0, 4)).toEqual(['host/tree-untar/r1', 'host/tree-walk/r1', 'host/tree-read/r1', 'host/tree-delete/r1']);
    const shrunk = shrinkCampaign(c, { runtimeMs: 500, sizeBytes: 1024 });
    expect(shrunk.jobs.filter((j) => j.kind !== 'io')).toEqual(c.jobs.filter((j) => j.kind !== 'io'));
    expect(shrunk.jobs.find((j) => j.kind === 'io')).toMatchObject({ runtime_ms: 500, size_bytes: 1024 });
    const guest = norm(small({ envs: [{ name: '9p-none', kind: '9p', cache: 'none' }] }));
    const plan = buildPlan(guest, { jobs: ['tree-untar'] });
    expect(estimateMs(plan.runs, plan.envs)).toBeGreaterThan(3 * 61 * 20);
    expect(estimateMs(buildPlan(c, { jobs: ['tree-untar'] }).runs, [c.envs[0]!])).toBeLessThan(3 * 61 * 20);
  });
});
