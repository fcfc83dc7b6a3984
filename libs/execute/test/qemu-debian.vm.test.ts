import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { loadCampaign, runCampaign, silentProgress } from '@sharebench/execute';
import { analyzeDataset } from '@sharebench/analysis';
import { findDaemon } from '@sharebench/provision';
import { obtainRustVirtiofsd } from '@sharebench/guest-image';
import { tinyHostCampaign } from './helpers.js';

const cacheDir = process.env['SHAREBENCH_CACHE_DIR'] ?? join(process.env['HOME'] ?? '/root', '.cache', 'sharebench');
const tool = { version: 'test', git_commit: null };

// QEMU 10.0 from bookworm-backports, obtained on first use (about 15 MB from Debian's mirrors),
// against the host's QEMU 7.2, with the Rust virtiofsd and with 9p.
describe('execute with QEMU from Debian packages ("qemu": "bookworm-backports")', { timeout: 900_000 }, () => {
  let root = '';
  beforeAll(async () => {
    if (!(await findDaemon('rust', cacheDir))) await obtainRustVirtiofsd(cacheDir);
  }, 600_000);
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('runs fio in QEMU 10 guests over virtio-fs and 9p, records qemu_version 10.0.x, and pairs it with the host\'s QEMU', async () => {
    const small = { memory: '512M', vcpus: 1 };
    const t = await tinyHostCampaign('qemu10', {
      envs: [
        { name: 'vfs-rust-q10', kind: 'virtiofs', daemon: 'rust', cache: 'auto', qemu: 'bookworm-backports', ...small },
        { name: '9p-q10', kind: '9p', cache: 'loose', qemu: 'bookworm-backports', ...small },
        { name: '9p-host-qemu', kind: '9p', cache: 'loose', ...small },
      ],
      repeats: 1,
      fio: { workloads: ['randread'], ioengines: ['psync'], jobs: [1], size: '1M', runtime: '300ms', direct: false },
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
    const { runs, speedups } = await analyzeDataset(t.dir);
    const hostQemu = (await execa('qemu-system-x86_64', ['--version'])).stdout.split('\n')[0]!.trim();
    expect(hostQemu).toMatch(/^QEMU emulator version 7\.2\./);
    const q10 = /^QEMU emulator version 10\.0\.\d+ \(Debian 1:10\.0\.\d+\+ds-[^)]*bpo12[^)]*\)$/;
    for (const env of ['vfs-rust-q10', '9p-q10']) {
      const row = runs.find((r) => r.env === env)!;
      expect(row).toMatchObject({ status: 'ok' });
      expect(row.qemu_version).toMatch(q10);
      expect(row.bw_bytes).toBeGreaterThan(0);
    }
    expect(runs.find((r) => r.env === 'vfs-rust-q10')).toMatchObject({ daemon: 'rust' });
    expect(runs.find((r) => r.env === '9p-host-qemu')).toMatchObject({ status: 'ok', qemu_version: hostQemu });

    // context.json keeps the obtained QEMU's argv: its own binary and its suite's firmware first.
    const context = JSON.parse(await readFile(join(t.dir, 'context.json'), 'utf8')) as {
      envs: Array<{ name: string; session: { qemu: { version: string; argv: string[] } } | null }>;
    };
    const session = context.envs.find((e) => e.name === '9p-q10')!.session!;
    expect(session.qemu.version).toMatch(q10);
    const qemuDir = join(cacheDir, 'qemu');
    expect(session.qemu.argv[0]!.startsWith(qemuDir)).toBe(true);
    expect(session.qemu.argv.filter((_, i) => session.qemu.argv[i - 1] === '-L')).toEqual([
      expect.stringMatching(new RegExp(`^${qemuDir}/[^/]+/usr/share/qemu$`)),
      expect.stringMatching(new RegExp(`^${qemuDir}/[^/]+/usr/share/seabios$`)),
    ]);

    // The two 9p envs differ only in the QEMU: the analysis pairs the newer against the older.
    expect(speedups.filter((s) => s.pair === 'qemu').map((s) => `${s.candidate}/${s.baseline}`)).toContain('9p-q10/9p-host-qemu');
  });
});
