import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SemanticsRow } from '@sharebench/analysis';
import { writeReport, type ReportDataset } from '@sharebench/report';
import { buildCorpus, HOSTILE, tempDir } from '@sharebench/report/testing';

const row = (env: string, check: string, result: SemanticsRow['result'], errno: string | null, detail: string): SemanticsRow =>
  ({ env, check, result, errno, detail });

describe('report: what works where', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let probed: ReportDataset;
  beforeAll(async () => {
    tmp = await tempDir('semantics');
    const legacy = (await buildCorpus(tmp.dir)).legacy;
    // A dataset of the probe alone: no runs, two configurations, one with evidence that is markup.
    probed = {
      name: 'probed',
      context: { ...legacy.context, campaign: 'probed', envs: [], imports: [] },
      runs: [],
      summary: [],
      speedups: [],
      semantics: [
        row('virtiofs-never', 'mmap_shared_write', 'fails', 'ENODEV', 'mmap(MAP_SHARED, PROT_READ|PROT_WRITE): No such device'),
        row('virtiofs-never', 'inotify', 'differs', null, `no IN_CREATE within 3000 ms ${HOSTILE}`),
        row('9p-none', 'mmap_shared_write', 'ok', null, '4096 bytes stored through MAP_SHARED'),
        row('9p-none', 'inotify', 'differs', null, 'no IN_CREATE within 3000 ms of the runner\'s change'),
        row('9p-none', 'sqlite_wal', 'unsupported', null, 'no sqlite3 here'),
      ],
    };
  });
  afterAll(() => tmp.cleanup());

  it('draws configurations x checks, the result in each cell, the evidence escaped on hover', async () => {
    const out = join(tmp.dir, 'reports', 'probed');
    await writeReport([probed], out);
    const html = await readFile(join(out, 'index.html'), 'utf8');
    expect([...html.matchAll(/<section id="([^"]+)">/g)].map((m) => m[1])).toEqual(['findings', 'semantics', 'failures', 'conditions', 'provenance', 'seed-table']);
    expect(html).toMatch(/<thead><tr><th>check<\/th><th>virtiofs-never<\/th><th>9p-none<\/th><\/tr><\/thead>/);
    const evidence = 'ENODEV: mmap(MAP_SHARED, PROT_READ|PROT_WRITE): No such device';
    expect(html).toContain(`<td class="sem-fails" title="${evidence}">fails<br><span class="errno">ENODEV</span></td>`);
    // A check one configuration did not make is a dash, not a result.
    expect(html).toMatch(/<th scope="row">sqlite_wal<\/th><td class="sem-none">–<\/td><td class="sem-unsupported" title="no sqlite3 here">unsupported<\/td>/);
    expect(html).not.toContain(HOSTILE);
    expect(html).toContain('&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;');
    const text = await readFile(join(out, 'report.txt'), 'utf8');
    const lines = text.split('\n');
    const head = lines.findIndex((l) => l.startsWith('CHECK '));
    expect(lines.slice(head, head + 4)).toEqual([
      'CHECK                 virtiofs-never  9p-none',
      'mmap_shared_write     fails ENODEV    ok',
      'inotify               differs         differs',
      'sqlite_wal            –               unsupported',
    ]);
    expect(text).toContain('  virtiofs-never mmap_shared_write: fails: ENODEV: mmap(MAP_SHARED, PROT_READ|PROT_WRITE): No such device');
  });
});
