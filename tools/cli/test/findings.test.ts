import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '@sharebench/cli';

const FIX = fileURLToPath(new URL('../../../fixtures/', import.meta.url));

async function sharebench(...argv: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const exitCode = await main(argv, { stdout: { write: (s) => (stdout += s) }, stderr: { write: (s) => (stderr += s) } });
  return { exitCode, stdout, stderr };
}

describe('cli/commands/findings', () => {
  let tmp: string;
  let legacy: string;
  beforeAll(async () => {
    tmp = await mkdtemp(join(os.tmpdir(), 'sharebench-findings-'));
    legacy = join(tmp, 'legacy');
    await sharebench('import', join(FIX, 'legacy/sshfs-test-data-raw.txt'), join(FIX, 'legacy/virtiofs-test-data-raw.txt'), '--out', legacy);
  });
  afterAll(() => rm(tmp, { recursive: true, force: true }));

  it('table: the text the report shows, virtiofs ÷ sshfs per workload with CIs', async () => {
    const r = await sharebench('findings', legacy);
    expect(r).toMatchObject({ exitCode: 0, stderr: '' });
    expect(r.stdout).toMatch(/^FINDINGS\n/);
    expect(r.stdout).toMatch(/^ {2}virtiofs ÷ sshfs: virtiofs faster: \d+\.\d+× \(95% CI [\d.]+–[\d.]+\), geometric mean over 36 cells$/m);
    for (const w of ['seqread', 'randread', 'seqwrite', 'randwrite', 'randrw · read', 'randrw · write']) {
      expect(r.stdout).toMatch(new RegExp(`^ {4}${w} +[\\d.]+× +[\\d.]+–[\\d.]+ +6 +\\d+ +\\d+ `, 'm'));
    }
  });

  it('csv: one row per comparison and scope; json: the whole structure', async () => {
    const csv = await sharebench('findings', legacy, '--format', 'csv');
    const lines = csv.stdout.trimEnd().split('\n');
    expect(lines[0]!.split(',')).toEqual([
      'family', 'candidate', 'baseline', 'hostname', 'host_id', 'scope', 'cells', 'ratio', 'ratio_ci95_lo', 'ratio_ci95_hi',
      'verdict', 'faster', 'slower', 'no_difference', 'no_ci', 'not_measured',
    ]);
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 7).join(','))).toEqual([
      'fs,virtiofs,sshfs,,,all,36',
      ...['seqread', 'randread', 'seqwrite', 'randwrite', 'randrw · read', 'randrw · write'].map((w) => `fs,virtiofs,sshfs,,,${w},6`),
    ]);
    type Json = { families: Array<{ family: string; comparisons: unknown[] }> };
    const json = JSON.parse((await sharebench('findings', legacy, '--format', 'json')).stdout) as Json;
    expect(json.families.map((f) => [f.family, f.comparisons.length])).toEqual([['fs', 1]]);
  });

  it('refuses a bad format and a dataset without results, exit 2', async () => {
    expect((await sharebench('findings', legacy, '--format', 'xml')).exitCode).toBe(2);
    const none = await sharebench('findings', join(tmp, 'nothing'));
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toMatch(/no speedups table; run 'sharebench analyze/);
  });
});
