import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles, readContext, type SummaryRow } from '@sharebench/analysis';
import { formatSeedTable } from '@sharebench/report';

/**
 * The seed study's published tables, reproduced from its own raw data: each table's logs imported
 * in the order its rows name them, formatted as its parse-fio-results.sh printed them, and compared
 * cell for cell. The study prints fio's zeros for failed runs (`0kb`, `0`); those cells must be
 * failed or unsupported runs here, with the reason.
 */
const ARCHIVE = fileURLToPath(new URL('../../../fixtures/virtiofs-tests/performance-results/', import.meta.url));
const TABLES = [
  'feb-23-2021/report-cache-none.txt',
  'feb-23-2021/report-cache-auto.txt',
  'feb-23-2021/report-cache-mmap.txt',
  'feb-23-2021/report-cache-always-loose.txt',
  'dec-10-2020/results-different-caching-modes.txt',
  'dec-10-2020/results-vtfs-different-dax-window-size-cache-auto.txt',
];
// printf "%-24s%-24s%-16s%-16s\n": a 24-character name runs into the workload column.
const NAME_WIDTH = 24;
const trimEnds = (text: string) => text.split('\n').map((l) => l.trimEnd()).join('\n').trimEnd();

/** Every log of a run date, by its TEST_NAME. */
async function logsByTestName(date: string): Promise<Map<string, string>> {
  const logs = new Map<string, string>();
  for (const entry of await readdir(join(ARCHIVE, date, 'raw-data'), { recursive: true })) {
    if (!entry.endsWith('-test-data.txt')) continue;
    const path = join(ARCHIVE, date, 'raw-data', entry);
    const name = /^TEST_NAME=(.*)$/m.exec(await readFile(path, 'utf8'))![1]!.trim();
    expect(logs.has(name), `two logs named ${name}`).toBe(false);
    logs.set(name, path);
  }
  return logs;
}

describe('cli/import: the seed study archive reproduces its published tables', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await mkdtemp(join(os.tmpdir(), 'sharebench-seed-archive-'));
  });
  afterAll(() => rm(tmp, { recursive: true, force: true }));

  for (const [i, table] of TABLES.entries()) {
    it(table, async () => {
      const published = await readFile(join(ARCHIVE, table), 'utf8');
      const rows = published.split('\n').slice(1).filter((l) => l.trim() !== '');
      const envs = [...new Set(rows.map((l) => l.slice(0, NAME_WIDTH).trim()))];
      const logs = await logsByTestName(table.split('/')[0]!);
      const out = join(tmp, `table-${i}`);
      const { tables, files } = await importFiles(envs.map((e) => logs.get(e)!), { out, tool: { version: 'test', git_commit: null } });
      expect(files.map((f) => [f.env, f.format, f.fio_version])).toEqual(envs.map((e) => [e, 'legacy', 'fio-3.21']));

      const ours = formatSeedTable([{ name: 'seed', context: await readContext(out), ...tables }]);
      expect(trimEnds(ours)).toBe(trimEnds(published));

      // The study's zeros are runs that did not work: each such cell is failed or unsupported, with why.
      const zeroCells = rows.filter((l) => /\s0kb/.test(l)).map((l) => [l.slice(0, NAME_WIDTH).trim(), l.slice(NAME_WIDTH).trim().split(/\s+/)[0]!]);
      const notOk = new Map<string, SummaryRow[]>();
      for (const s of tables.summary.filter((s) => s.status !== 'ok')) notOk.set(`${s.env} ${s.job}`, [...(notOk.get(`${s.env} ${s.job}`) ?? []), s]);
      expect(new Set(zeroCells.map(([env, job]) => `${env} ${job}`))).toEqual(new Set(notOk.keys()));
      for (const cells of notOk.values()) {
        for (const s of cells) {
          expect(['failed', 'unsupported']).toContain(s.status);
          expect(s.error).toMatch(/^3 of 3 runs not ok: mmap is not supported on (virtiofs|9p) with cache=none: the filesystem refused a shared mapping \((ENODEV|EINVAL)/);
          expect(s.bw_bytes_mean).toBeNull();
        }
      }
    });
  }
});
