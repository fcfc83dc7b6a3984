import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, escapeHtml, formatSeedTable, writeReport } from '@sharebench/report';
import { buildCorpus, HOSTILE, hostileDataset, tempDir, type Corpus, tcgSession } from './helpers.js';

const require = createRequire(import.meta.url);

describe('write-report', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let corpus: Corpus;
  beforeAll(async () => {
    tmp = await tempDir('write');
    corpus = await buildCorpus(tmp.dir);
  });
  afterAll(() => tmp.cleanup());

  it('writes index.html, report.txt and local copies of vega, vega-lite and vega-embed', async () => {
    const out = join(tmp.dir, 'reports', 'legacy');
    await writeReport([corpus.legacy], out);
    expect((await readdir(out)).sort()).toEqual(['assets', 'index.html', 'report.txt']);
    expect(await readFile(join(out, 'report.txt'), 'utf8')).toBe(formatSeedTable([corpus.legacy]));
    const assets = await readdir(join(out, 'assets'));
    expect(assets).toEqual(expect.arrayContaining(['vega.min.js', 'vega-lite.min.js', 'vega-embed.min.js', 'report.js', 'report.css']));
    const vegaRoot = join(dirname(require.resolve('vega')), '..');
    const copied = await readFile(join(out, 'assets', 'vega.min.js'));
    expect(copied.equals(await readFile(join(vegaRoot, 'build', 'vega.min.js')))).toBe(true);
    expect((await readdir(join(tmp.dir, 'reports'))).filter((f) => f !== 'legacy')).toEqual([]);
  });

  it('loads only its own files: no CDN, no inline script, a CSP without unsafe-eval', async () => {
    const out = join(tmp.dir, 'reports', 'csp');
    await writeReport([corpus.matrix], out);
    const html = await readFile(join(out, 'index.html'), 'utf8');
    expect(html).not.toMatch(/https?:\/\/(?!vega\.github\.io\/schema)/);
    expect([...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]!.trim())).toEqual([
      'type="application/json" id="sharebench-specs"',
      'src="assets/vega.min.js"',
      'src="assets/vega-lite.min.js"',
      'src="assets/vega-embed.min.js"',
      'src="assets/report.js"',
    ]);
    expect(html.includes(`content="${escapeHtml(CONTENT_SECURITY_POLICY)}"`)).toBe(true);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|unsafe-inline/);
    expect(await readFile(join(out, 'assets', 'report.js'), 'utf8')).toMatch(/ast: true/);
  });

  it('replaces a previous report whole, and leaves no temporary folder behind', async () => {
    const out = join(tmp.dir, 'reports', 'replace');
    await writeReport([corpus.matrix], out);
    await writeFile(join(out, 'stale.txt'), 'from an older report');
    await writeReport([corpus.single], out);
    expect((await readdir(out)).sort()).toEqual(['assets', 'index.html', 'report.txt']);
    expect(await readFile(join(out, 'index.html'), 'utf8')).toContain('sharebench report: single');
    expect((await readdir(join(tmp.dir, 'reports'))).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('refuses to replace a folder that is not a report, and leaves it untouched', async () => {
    const out = join(tmp.dir, 'not-a-report');
    await mkdir(out, { recursive: true });
    await writeFile(join(out, 'thesis.tex'), 'precious');
    await expect(writeReport([corpus.single], out)).rejects.toThrow(/not a sharebench report/);
    expect(await readdir(out)).toEqual(['thesis.tex']);
    expect((await readdir(tmp.dir)).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('shows the TCG banner only when a row was measured under TCG', async () => {
    const kvm = join(tmp.dir, 'reports', 'kvm');
    await writeReport([corpus.legacy], kvm);
    expect(await readFile(join(kvm, 'index.html'), 'utf8')).not.toContain('id="tcg-banner"');
    const tcg = { ...corpus.legacy, runs: corpus.legacy.runs.map((r) => (r.env === 'virtiofs' ? { ...r, accel: 'tcg' } : r)) };
    const out = join(tmp.dir, 'reports', 'tcg');
    await writeReport([tcg], out);
    const html = await readFile(join(out, 'index.html'), 'utf8');
    expect(html).toMatch(/id="tcg-banner"[^]*software emulation \(TCG\)[^]*<code>virtiofs<\/code>/);
    expect(html).toMatch(/id="tcg-banner"[^]*Why: not recorded/);
    // The reason recorded when the guest booted is what the banner says.
    const reason = 'KVM not used: /dev/kvm is PVM (kvm_pvm module), a software hypervisor: a stock kernel runs ~1000x slower there than under TCG';
    const context = { ...tcg.context, envs: tcg.context.envs.map((e) => (e.name === 'virtiofs' ? { ...e, session: tcgSession(reason) } : e)) };
    const why = join(tmp.dir, 'reports', 'tcg-why');
    await writeReport([{ ...tcg, context }], why);
    expect(await readFile(join(why, 'index.html'), 'utf8')).toMatch(/id="tcg-banner"[^]*Why: KVM not used: \/dev\/kvm is PVM \(kvm_pvm module\)[^]*~1000x slower/);
  });

  it('lists provenance per dataset: fio versions, mount lines, the tool', async () => {
    const out = join(tmp.dir, 'reports', 'provenance');
    await writeReport([corpus.legacy, corpus.fio], out);
    const html = await readFile(join(out, 'index.html'), 'utf8');
    expect(html).toContain('<code>fio-3.26</code>');
    expect(html).toContain('<code>fio-3.33</code>');
    expect(html).toContain('<code>/mnt/virtiofs myfs   virtiofs rw,relatime,seclabel</code>');
    expect(html).toContain('root@fs-i140:/mnt/intel-ssd-p1/sshfs-source/');
    expect(html).toMatch(/<dt>sharebench<\/dt><dd><code>test<\/code>/);
    expect(html).toMatch(/ENOSPC/);
  });

  it('escapes data in text, attributes and embedded JSON: a hostile name stays text', async () => {
    const out = join(tmp.dir, 'reports', 'hostile');
    await writeReport([hostileDataset(corpus.legacy)], out);
    const html = await readFile(join(out, 'index.html'), 'utf8');
    expect(html.includes('<img')).toBe(false);
    expect(html.match(/<\/script>/g)).toHaveLength(5);
    expect(html.includes('&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &quot;quotes&quot; &amp;amp;')).toBe(true);
    const json = /<script type="application\/json" id="sharebench-specs">([^<]*)<\/script>/.exec(html)![1]!;
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.stringify(JSON.parse(json))).toContain(`${HOSTILE} \\"quotes\\" &amp;`);
    expect(await readFile(join(out, 'report.txt'), 'utf8')).toContain(HOSTILE);
  });
});
