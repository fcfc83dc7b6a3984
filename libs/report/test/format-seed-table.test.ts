import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatSeedTable, type ReportDataset } from '@sharebench/report';
import { importDataset, LEGACY, tempDir } from '@sharebench/report/testing';

const trimEnds = (text: string) => text.split('\n').map((l) => l.trimEnd()).join('\n').trimEnd();

describe('format-seed-table', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let legacy: ReportDataset;
  beforeAll(async () => {
    tmp = await tempDir('seed');
    legacy = await importDataset(tmp.dir, 'legacy', [LEGACY.sshfs, LEGACY.virtiofs]);
  });
  afterAll(() => tmp.cleanup());

  it('reproduces the table parse-fio-results.sh printed for the two legacy logs', async () => {
    const expected = await readFile(LEGACY.expected, 'utf8');
    expect(trimEnds(formatSeedTable([legacy]))).toBe(trimEnds(expected));
  });

  it('pads columns like printf "%-24s%-24s%-16s%-16s"', () => {
    const [header, first] = formatSeedTable([legacy]).split('\n');
    expect(header).toBe('NAME'.padEnd(24) + 'WORKLOAD'.padEnd(24) + 'Bandwidth'.padEnd(16) + 'IOPS'.padEnd(16));
    expect(first).toBe('sshfs'.padEnd(24) + 'seqread-psync'.padEnd(24) + '1886kb'.padEnd(16) + '471'.padEnd(16));
  });

  it('prints a cell whose runs all failed as the zeros the seed read, and skips envs without the job', () => {
    const failed: ReportDataset = {
      ...legacy,
      runs: legacy.runs
        .filter((r) => !(r.env === 'sshfs' && r.job === 'seqread-mmap'))
        .map((r) =>
          r.env === 'virtiofs' && r.job === 'randrw-mmap'
            ? { ...r, status: 'unsupported', error: 'mmap is not supported', bw_bytes: null, iops: null }
            : r,
        ),
    };
    const lines = formatSeedTable([failed]).split('\n').map((l) => l.trimEnd());
    expect(lines).toContain('virtiofs                randrw-mmap             0kb/0kb         0/0');
    expect(lines.filter((l) => / seqread-mmap /.test(l))).toEqual(['virtiofs                seqread-mmap            547.2mb         136.8k']);
  });

  it('lists envs in the order datasets are given', async () => {
    const virtiofs = await importDataset(tmp.dir, 'only-virtiofs', [LEGACY.virtiofs]);
    const sshfs = await importDataset(tmp.dir, 'only-sshfs', [LEGACY.sshfs]);
    const rows = formatSeedTable([virtiofs, sshfs]).split('\n').slice(1, 3).map((l) => l.split(/\s+/)[0]);
    expect(rows).toEqual(['virtiofs', 'sshfs']);
  });
});
