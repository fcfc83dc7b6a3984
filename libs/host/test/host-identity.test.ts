import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import {
  bootId,
  deriveHostId,
  HostIdError,
  hostFingerprint,
  hostId,
  mountContaining,
  parseMountinfo,
  schedulerProvenance,
  shardFromScheduler,
  type HostIdSources,
} from '../src/host-identity.js';

/** The SLURM_ variables a task of `sbatch --array=0-2 --exclusive` saw (task 1), captured on Debian 12's Slurm 22.05.8 (tools/cli/test/slurm/cluster.ts). */
const SLURM_ARRAY_TASK_ENV = `
SLURMD_NODENAME=vm
SLURM_ARRAY_JOB_ID=1
SLURM_ARRAY_TASK_COUNT=3
SLURM_ARRAY_TASK_ID=1
SLURM_ARRAY_TASK_MAX=2
SLURM_ARRAY_TASK_MIN=0
SLURM_ARRAY_TASK_STEP=1
SLURM_CLUSTER_NAME=sharebench-test
SLURM_JOBID=3
SLURM_JOB_ID=3
SLURM_JOB_NAME=env.sh
SLURM_JOB_NODELIST=vm
SLURM_NODEID=0
SLURM_PROCID=0
`;

/** The same script resubmitted as `sbatch --array=1` (the way a cancelled shard is rerun), same capture. */
const SLURM_RESUBMITTED_TASK_ENV = `
SLURMD_NODENAME=vm
SLURM_ARRAY_JOB_ID=4
SLURM_ARRAY_TASK_COUNT=1
SLURM_ARRAY_TASK_ID=1
SLURM_ARRAY_TASK_MAX=1
SLURM_ARRAY_TASK_MIN=1
SLURM_ARRAY_TASK_STEP=1
SLURM_CLUSTER_NAME=sharebench-test
SLURM_JOB_ID=4
`;

const envOf = (text: string): Record<string, string> =>
  Object.fromEntries(
    text
      .trim()
      .split('\n')
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );

const sources = (over: Partial<HostIdSources>): HostIdSources => ({
  envHostId: undefined,
  hostname: 'vm',
  machineId: '3d1219c7c4c5404aaa1f6d2a48adfda4',
  productUuid: null,
  ...over,
});

describe('libs/host/src/host-identity', () => {
  describe('deriveHostId', () => {
    it('is the hostname and 12 hex digits of SHA-256 over machine-id, hostname and product UUID, one per line', () => {
      // Expected digests from coreutils: printf '<machine-id>\nvm\n\n' | sha256sum
      expect(deriveHostId(sources({}))).toBe('vm-aa8c7a914222');
      // printf 'abc\nNode-01.Lab.Example\n4c4c4544-0035-3010-8057-b3c04f4e4d32\n' | sha256sum
      const fqdn = sources({ hostname: 'Node-01.Lab.Example', machineId: 'abc', productUuid: '4c4c4544-0035-3010-8057-b3c04f4e4d32' });
      expect(deriveHostId(fqdn)).toBe('node-01-lab-example-8f8518b3e6d0');
    });

    it('tells clones apart by their product UUID and stays the same for the same machine', () => {
      const a = deriveHostId(sources({ productUuid: '11111111-2222-3333-4444-555555555555' }));
      const b = deriveHostId(sources({ productUuid: '11111111-2222-3333-4444-666666666666' }));
      expect(a).not.toBe(b);
      expect(a.startsWith('vm-') && b.startsWith('vm-')).toBe(true);
      expect(deriveHostId(sources({ productUuid: '11111111-2222-3333-4444-555555555555' }))).toBe(a);
    });

    it('takes SHAREBENCH_HOST_ID as given when it is usable, and ignores it when empty', () => {
      expect(deriveHostId(sources({ envHostId: 'rack3-node07' }))).toBe('rack3-node07');
      expect(deriveHostId(sources({ envHostId: '42' }))).toBe('42');
      expect(deriveHostId(sources({ envHostId: '' }))).toBe('vm-aa8c7a914222');
    });

    it('refuses a SHAREBENCH_HOST_ID that cannot be a directory name, in one line that says what to use', () => {
      for (const bad of ['a/b', 'host=x', '.hidden', 'with space', 'x'.repeat(65), '-dash']) {
        expect(() => deriveHostId(sources({ envHostId: bad }))).toThrow(HostIdError);
      }
      expect(() => deriveHostId(sources({ envHostId: 'a/b' }))).toThrow(
        /^SHAREBENCH_HOST_ID="a\/b" is not a usable host id: use 1-64 letters, digits, '\.', '_' or '-', starting with a letter or digit/,
      );
    });

    it('falls back to "host" when the hostname has no usable character', () => {
      expect(deriveHostId(sources({ hostname: '___' }))).toMatch(/^host-[0-9a-f]{12}$/);
    });
  });

  describe('hostId and bootId on this machine', () => {
    it('derives a stable id, or takes SHAREBENCH_HOST_ID from the environment given', () => {
      expect(hostId({})).toMatch(/^[a-z0-9-]+-[0-9a-f]{12}$/);
      expect(hostId({})).toBe(hostId({}));
      expect(hostId({ SHAREBENCH_HOST_ID: 'bench-a' })).toBe('bench-a');
    });

    it('reads the boot id the kernel gives (a UUID)', () => {
      expect(bootId()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    });
  });

  describe('parseMountinfo', () => {
    it("reads proc(5)'s example line, and lines without optional fields", () => {
      const text = [
        '36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue',
        '22 27 0:21 / /proc rw,relatime - proc proc rw',
        '',
      ].join('\n');
      expect(parseMountinfo(text)).toEqual([
        { mountId: 36, parentId: 35, device: '98:0', root: '/mnt1', mountPoint: '/mnt2', fsType: 'ext3', source: '/dev/root' },
        { mountId: 22, parentId: 27, device: '0:21', root: '/', mountPoint: '/proc', fsType: 'proc', source: 'proc' },
      ]);
    });

    it('unescapes \\040 (space), \\011, \\012 and \\134 in paths, and skips lines that are not mounts', () => {
      const text = '50 1 0:40 / /srv/my\\040share\\134x rw shared:5 - virtiofs share\\040tag rw\nnot a mountinfo line\n';
      const [m] = parseMountinfo(text);
      expect(m).toMatchObject({ mountPoint: '/srv/my share\\x', fsType: 'virtiofs', source: 'share tag' });
      expect(parseMountinfo(text)).toHaveLength(1);
    });
  });

  describe('mountContaining', () => {
    const entries = parseMountinfo(
      [
        '1 0 254:0 / / rw - ext4 /dev/vda rw',
        '2 1 0:30 / /work rw - ext4 /dev/vdb rw',
        '3 1 0:31 / /workspace rw - xfs /dev/vdc rw',
        '4 2 0:32 / /work/share rw - tmpfs tmpfs rw',
        '5 2 0:33 / /work/share rw - nfs4 server:/export rw',
      ].join('\n'),
    );

    it('picks the longest mount point that is the path or a parent of it, never a mere string prefix', () => {
      expect(mountContaining(entries, '/workspace/data')?.fsType).toBe('xfs');
      expect(mountContaining(entries, '/work/data')?.fsType).toBe('ext4');
      expect(mountContaining(entries, '/work')?.device).toBe('0:30');
      expect(mountContaining(entries, '/etc')?.mountPoint).toBe('/');
    });

    it('takes the last of mounts stacked on one point (the one visible there)', () => {
      expect(mountContaining(entries, '/work/share/a')).toMatchObject({ fsType: 'nfs4', source: 'server:/export' });
    });
  });

  describe('hostFingerprint', () => {
    it("records CPU, memory and kernel, the share's filesystem and device as stat(2) sees them, and the tools given", () => {
      const dir = mkdtempSync(join(os.tmpdir(), 'sharebench-fp-'));
      try {
        const fp = hostFingerprint({ shareDir: join(dir, 'not', 'yet'), tools: { fio: 'fio-3.33', qemu: null }, env: { SHAREBENCH_HOST_ID: 'fp-host' } });
        expect(fp).toMatchObject({ host_id: 'fp-host', hostname: os.hostname(), kernel_release: os.release(), cpu_count: os.cpus().length });
        expect(fp.memory_bytes).toBe(os.totalmem());
        expect(fp.tools).toEqual({ fio: 'fio-3.33', qemu: null });
        // Another route to the device: stat(2)'s st_dev, split as glibc's major()/minor() do.
        const dev = statSync(dir).dev;
        const major = ((dev >> 8) & 0xfff) | Math.floor(dev / 2 ** 32) & ~0xfff;
        const minor = (dev & 0xff) | ((dev >> 12) & ~0xff);
        expect(fp.share?.device).toBe(`${major}:${minor}`);
        expect(fp.share?.dir.endsWith('/not/yet')).toBe(true);
        expect(fp.share?.fs_type).toMatch(/^[a-z0-9.]+$/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('has no share when none is given', () => {
      expect(hostFingerprint({ env: { SHAREBENCH_HOST_ID: 'x' } }).share).toBeNull();
    });
  });

  describe('schedulerProvenance and shardFromScheduler', () => {
    it('reads a Slurm array task and derives its shard from the task id and count', () => {
      const prov = schedulerProvenance(envOf(SLURM_ARRAY_TASK_ENV));
      expect(prov).toEqual({
        scheduler: 'slurm',
        job_id: '3',
        array_job_id: '1',
        array_task_id: 1,
        array_task_count: 3,
        array_task_min: 0,
        array_task_max: 2,
        node: 'vm',
        cluster: 'sharebench-test',
      });
      expect(shardFromScheduler(prov)).toEqual({ status: 'derived', index: 1, count: 3, from: 'SLURM_ARRAY_TASK_ID=1 SLURM_ARRAY_TASK_COUNT=3' });
    });

    it('derives no shard for a task resubmitted alone (--array=1 says COUNT=1), nor for a stepped array or a plain job', () => {
      const resubmitted = shardFromScheduler(schedulerProvenance(envOf(SLURM_RESUBMITTED_TASK_ENV)));
      expect(resubmitted.status).toBe('unavailable');
      expect(resubmitted).toMatchObject({ reason: expect.stringContaining('give --shard 1/<shards>') });
      // --array=0-10:2
      const stepped = {
        SLURM_JOB_ID: '9',
        SLURM_ARRAY_JOB_ID: '9',
        SLURM_ARRAY_TASK_ID: '4',
        SLURM_ARRAY_TASK_COUNT: '6',
        SLURM_ARRAY_TASK_MIN: '0',
        SLURM_ARRAY_TASK_MAX: '10',
      };
      expect(shardFromScheduler(schedulerProvenance(stepped)).status).toBe('unavailable');
      const plain = schedulerProvenance({ SLURM_JOB_ID: '12', SLURMD_NODENAME: 'n1' });
      expect(plain).toMatchObject({ scheduler: 'slurm', array_job_id: null, array_task_id: null, node: 'n1' });
      expect(shardFromScheduler(plain)).toMatchObject({ status: 'unavailable', reason: expect.stringContaining('not an array task') });
    });

    it('reads GitLab parallel jobs, whose CI_NODE_INDEX counts from 1', () => {
      const env = { GITLAB_CI: 'true', CI_JOB_ID: '777', CI_PIPELINE_ID: '55', CI_NODE_INDEX: '3', CI_NODE_TOTAL: '3', CI_RUNNER_DESCRIPTION: 'bench-a' };
      const prov = schedulerProvenance(env);
      expect(prov).toEqual({ scheduler: 'gitlab', job_id: '777', pipeline_id: '55', node_index: 3, node_total: 3, runner: 'bench-a' });
      expect(shardFromScheduler(prov)).toMatchObject({ status: 'derived', index: 2, count: 3 });
      const single = schedulerProvenance({ GITLAB_CI: 'true', CI_JOB_ID: '778', CI_NODE_TOTAL: '1' });
      expect(shardFromScheduler(single).status).toBe('unavailable');
    });

    it('reads GitHub Actions, whose matrix index only the workflow knows', () => {
      const env = {
        GITHUB_ACTIONS: 'true',
        GITHUB_RUN_ID: '123456',
        GITHUB_RUN_ATTEMPT: '2',
        GITHUB_JOB: 'shard',
        RUNNER_NAME: 'bench-a',
        GITHUB_REPOSITORY: 'o/r',
      };
      const prov = schedulerProvenance(env);
      expect(prov).toEqual({ scheduler: 'github', run_id: '123456', run_attempt: 2, job: 'shard', runner_name: 'bench-a', repository: 'o/r' });
      expect(shardFromScheduler(prov)).toMatchObject({ status: 'unavailable', reason: expect.stringContaining('strategy.job-index') });
      // A runner in a pod (Actions Runner Controller) is still GitHub's job.
      expect(schedulerProvenance({ ...env, KUBERNETES_SERVICE_HOST: '10.0.0.1' }).scheduler).toBe('github');
    });

    it('reads a Kubernetes Indexed Job, whose count is not in the environment', () => {
      const prov = schedulerProvenance({ JOB_COMPLETION_INDEX: '2', HOSTNAME: 'sharebench-shard-2-x7k2p', KUBERNETES_SERVICE_HOST: '10.0.0.1' });
      expect(prov).toEqual({ scheduler: 'kubernetes', completion_index: 2, pod: 'sharebench-shard-2-x7k2p' });
      expect(shardFromScheduler(prov).status).toBe('unavailable');
    });

    it('prefers Slurm when a Slurm job runs under a CI runner, and says none outside any scheduler', () => {
      expect(schedulerProvenance({ GITHUB_ACTIONS: 'true', GITHUB_RUN_ID: '1', ...envOf(SLURM_ARRAY_TASK_ENV) }).scheduler).toBe('slurm');
      const none = schedulerProvenance({ HOME: '/root', SLURM_JOB_ID: '' });
      expect(none).toEqual({ scheduler: null });
      expect(shardFromScheduler(none)).toMatchObject({ status: 'unavailable', reason: expect.stringContaining('give --shard i/n') });
    });
  });
});
