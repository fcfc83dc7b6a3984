import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReport, type ReportDataset } from '@sharebench/report';
import { importDataset, LEGACY, tempDir } from '@sharebench/report/testing';

describe('write-report: measurement conditions', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let base: ReportDataset;
  beforeAll(async () => {
    tmp = await tempDir('conditions');
    base = await importDataset(tmp.dir, 'single', [LEGACY.virtiofs]);
  });
  afterAll(() => tmp.cleanup());

  /** The imported runs as if executed: repeat 2 of randread-psync under load, every run with warm host caches. */
  function measured(): ReportDataset {
    const runs = base.runs.map((r) => ({
      ...r,
      host_load1: r.job === 'randread-psync' && r.repeat === 2 ? 3.5 : 0.4,
      host_busy_ratio: r.job === 'randread-psync' && r.repeat === 2 ? 0.34 : 0.02,
      host_cache_dropped: false,
    }));
    return { ...base, runs };
  }

  it('says when no run recorded its conditions (imported results)', async () => {
    const out = join(tmp.dir, 'imported');
    await writeReport([base], out);
    const html = await readFile(join(out, 'index.html'), 'utf8');
    expect(html).toContain('<a href="#conditions">Measurement conditions</a>');
    expect(html).toMatch(/<section id="conditions">[\s\S]*No run recorded its host's conditions/);
  });

  it('marks runs measured under load and with warm host caches: a table and the charts\' tooltips', async () => {
    const d = measured();
    const out = join(tmp.dir, 'measured');
    await writeReport([d], out);
    const html = await readFile(join(out, 'index.html'), 'utf8');
    const section = html.split('<section id="conditions">')[1]!.split('</section>')[0]!;
    const runs = new Set(d.runs.map((r) => `${r.job}/${r.repeat}`)).size;
    expect(section).toContain(`${runs} of ${runs} runs were measured with warm host caches`);
    expect(section).toMatch(/<tr class="under-load"><td>[^<]+<\/td><td>randread-psync<\/td><td>1 of \d+<\/td><td>34%<\/td><td>3.50<\/td><\/tr>/);
    expect(section.match(/<tr class="under-load">/g)).toHaveLength(1);
    // The bandwidth chart's tooltip data carries the same, per cell.
    const specs = JSON.parse(html.split('id="sharebench-specs">')[1]!.split('</script>')[0]!) as Record<string, { vconcat: unknown }>;
    const text = JSON.stringify(specs['bandwidth']);
    expect(text).toContain('"title":"measured under"');
    expect(text).toMatch(/"job":"randread-psync"[^}]*"conditions":"1 of \d+ runs under load \(up to 34% of the CPUs busy elsewhere\); \d+ of \d+ with warm host caches"/);
  });
});
