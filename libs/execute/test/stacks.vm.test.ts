import { cacheDir as sharebenchCache } from '@sharebench/host';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { loadCampaign, runCampaign, silentProgress } from '@sharebench/execute';
import { analyzeDataset } from '@sharebench/analysis';
import { findDaemon } from '@sharebench/provision';
import { obtainRustVirtiofsd } from '@sharebench/guest-image';
import { tinyHostCampaign } from './helpers.js';

const cacheDir = sharebenchCache();
const tool = { version: 'test', git_commit: null };

// Real guests with both virtiofsd daemons, the Rust one on the 6.12 kernel from bookworm-backports:
// the first run obtains what is missing (Debian 13's daemon, the 6.12 image) from Debian's mirrors.
describe('execute with today\'s stacks (C and Rust virtiofsd, guest kernel 6.12)', { timeout: 600_000 }, () => {
  let root = '';
  beforeAll(async () => {
    if (!(await findDaemon('rust', cacheDir))) await obtainRustVirtiofsd(cacheDir);
  }, 600_000);
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('records daemon, QEMU and guest kernel per row, and flags a direct run whose O_DIRECT the daemon ignored', async () => {
    const t = await tinyHostCampaign('stacks', {
      envs: [
        {
          name: 'rust-k612',
          kind: 'virtiofs',
          daemon: 'rust',
          cache: 'never',
          allow_direct_io: false,
          guest_kernel: 'bookworm-backports',
          memory: '512M',
          vcpus: 1,
        },
        { name: 'c-none', kind: 'virtiofs', daemon: 'c', cache: 'none', memory: '512M', vcpus: 1 },
      ],
      repeats: 1,
      fio: { workloads: ['randread'], ioengines: ['psync'], numjobs: [1], size: '1M', runtime: '300ms', direct: true },
    });
    root = t.root;
    const outcome = await runCampaign(await loadCampaign(t.dir), {
      dataset: t.dir,
      selection: {},
      signal: new AbortController().signal,
      progress: silentProgress,
      tool,
      cacheDir,
    });
    expect(outcome.interrupted).toBe(false);
    const { runs, summary } = await analyzeDataset(t.dir);
    const qemu = (await execa('qemu-system-x86_64', ['--version'])).stdout.split('\n')[0]!.trim();
    const rust = runs.find((r) => r.env === 'rust-k612')!;
    expect(rust).toMatchObject({ status: 'ok', daemon: 'rust', qemu_version: qemu, direct_ignored: true });
    expect(rust.daemon_version).toMatch(/^virtiofsd \d+\.\d+/);
    expect(rust.guest_kernel).toMatch(/^6\.12\./);
    const c = runs.find((r) => r.env === 'c-none')!;
    // direct=1 jobs get allow_direct_io by default: the C daemon passed O_DIRECT on.
    expect(c).toMatchObject({ status: 'ok', daemon: 'c', direct_ignored: false, qemu_version: qemu });
    expect(c.daemon_version).toMatch(/^virtiofsd version \d/);
    expect(summary.find((s) => s.env === 'rust-k612')).toMatchObject({ daemon: 'rust', direct_ignored: true });
  });
});
