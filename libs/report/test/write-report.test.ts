import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findings } from '@sharebench/analysis';
import { CONTENT_SECURITY_POLICY, escapeHtml, formatFindings, formatSeedTable, writeReport } from '@sharebench/report';
import { HOSTILE, hostileDataset, LEGACY, reportFixture, tcgSession } from '@sharebench/report/testing';

const trimEnds = (text: string) => text.split('\n').map((l) => l.trimEnd()).join('\n').trimEnd();

const require = createRequire(import.meta.url);

describe('write-report', () => {
  const fixture = reportFixture('write');

  it('writes index.html, report.txt and local copies of vega, vega-lite and vega-embed', async () => {
    const out = join(fixture.dir, 'reports', 'legacy');
    await writeReport([fixture.corpus.legacy], out);
    expect((await readdir(out)).sort()).toEqual(['assets', 'index.html', 'report.txt']);
    // report.txt: the findings, then the seed's table exactly as parse-fio-results.sh printed it.
    const text = await readFile(join(out, 'report.txt'), 'utf8');
    const seed = formatSeedTable([fixture.corpus.legacy]);
    expect(text).toBe(`${formatFindings([{ name: 'legacy', findings: findings(fixture.corpus.legacy.speedups) }])}\n${seed}`);
    expect(text.startsWith('FINDINGS\n')).toBe(true);
    expect(trimEnds(text.slice(text.indexOf('NAME    ')))).toBe(trimEnds(await readFile(LEGACY.expected, 'utf8')));
    const assets = await readdir(join(out, 'assets'));
    expect(assets).toEqual(expect.arrayContaining(['vega.min.js', 'vega-lite.min.js', 'vega-embed.min.js', 'report.js', 'report.css']));
    const vegaRoot = join(dirname(require.resolve('vega')), '..');
    const copied = await readFile(join(out, 'assets', 'vega.min.js'));
    expect(copied.equals(await readFile(join(vegaRoot, 'build', 'vega.min.js')))).toBe(true);
    expect((await readdir(join(fixture.dir, 'reports'))).filter((f) => f !== 'legacy')).toEqual([]);
  });

  it('loads only its own files: no CDN, no inline script, a CSP without unsafe-eval', async () => {
    const out = join(fixture.dir, 'reports', 'csp');
    await writeReport([fixture.corpus.matrix], out);
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
    const out = join(fixture.dir, 'reports', 'replace');
    await writeReport([fixture.corpus.matrix], out);
    await writeFile(join(out, 'stale.txt'), 'from an older report');
    await writeReport([fixture.corpus.single], out);
    expect((await readdir(out)).sort()).toEqual(['assets', 'index.html', 'report.txt']);
    expect(await readFile(join(out, 'index.html'), 'utf8')).toContain('sharebench report: single');
    expect((await readdir(join(fixture.dir, 'reports'))).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('refuses to replace a folder that is not a report, and leaves it untouched', async () => {
    const out = join(fixture.dir, 'not-a-report');
    await mkdir(out, { recursive: true });
    await writeFile(join(out, 'thesis.tex'), 'precious');
    await expect(writeReport([fixture.corpus.single], out)).rejects.toThrow(/not a sharebench report/);
    expect(await readdir(out)).toEqual(['thesis.tex']);
    expect((await readdir(fixture.dir)).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('shows the TCG banner only when a row was measured under TCG', async () => {
    const kvm = join(fixture.dir, 'reports', 'kvm');
    await writeReport([fixture.corpus.legacy], kvm);
    expect(await readFile(join(kvm, 'index.html'), 'utf8')).not.toContain('id="tcg-banner"');
    const tcg = { ...fixture.corpus.legacy, runs: fixture.corpus.legacy.runs.map((r) => (r.env === 'virtiofs' ? { ...r, accel: 'tcg' } : r)) };
    const out = join(fixture.dir, 'reports', 'tcg');
    await writeReport([tcg], out);
    const html = await readFile(join(out, 'index.html'), 'utf8');
    expect(html).toMatch(/id="tcg-banner"[^]*software emulation \(TCG\)[^]*<code>virtiofs<\/code>/);
    expect(html).toMatch(/id="tcg-banner"[^]*Why: not recorded/);
    // The reason recorded when the guest booted is what the banner says.
    const reason = 'KVM not used: /dev/kvm is PVM (kvm_pvm module), a software hypervisor: a stock kernel runs ~1000x slower there than under TCG';
    const context = { ...tcg.context, envs: tcg.context.envs.map((e) => (e.name === 'virtiofs' ? { ...e, session: tcgSession(reason) } : e)) };
    const why = join(fixture.dir, 'reports', 'tcg-why');
    await writeReport([{ ...tcg, context }], why);
    expect(await readFile(join(why, 'index.html'), 'utf8')).toMatch(/id="tcg-banner"[^]*Why: KVM not used: \/dev\/kvm is PVM \(kvm_pvm module\)[^]*~1000x slower/);
  });

  it('opens on the findings: virtiofs ÷ sshfs overall and per workload, with CIs, before any chart', async () => {
    const out = join(fixture.dir, 'reports', 'findings');
    await writeReport([fixture.corpus.legacy], out);
    const html = await readFile(join(out, 'index.html'), 'utf8');
    const at = (id: string) => html.indexOf(`<section id="${id}">`);
    expect(at('findings')).toBeGreaterThan(0);
    expect(at('findings')).toBeLessThan(at('bandwidth'));
    expect(html).toMatch(/<nav><a href="#findings">Findings<\/a><a href="#bandwidth">/);
    const section = html.slice(at('findings'), at('bandwidth'));
    expect(section).toContain('<th scope="row">virtiofs ÷ sshfs</th>');
    for (const w of ['seqread', 'randread', 'seqwrite', 'randwrite', 'randrw · read', 'randrw · write']) expect(section).toContain(`<th>${w}</th>`);
    // The overall cell and six workload cells: each a pooled ratio with its CI (random effects over 36 and 6 cells).
    expect(section.match(/<td class="faster"[^>]*><span class="ratio">[\d.]+×<\/span><br><span class="ci">[\d.]+–[\d.]+<\/span>/g)).toHaveLength(7);
    expect(section).toMatch(/virtiofs faster on average; individual workloads vary<\/span><\/td><td class="tally">35 \/ 0 \/ 1/);
    expect(section).toMatch(/random effects \(REML, HKSJ\), 36 cells; τ [\d.]+ \(cells ×\/÷ [\d.]+\); a new cell: [\d.]+–[\d.]+; per-cell verdicts control the false discovery rate at 5% across this comparison&#39;s 36 cells|random effects \(REML, HKSJ\), 36 cells; τ [\d.]+ \(cells ×\/÷ [\d.]+\); a new cell: [\d.]+–[\d.]+; per-cell verdicts control the false discovery rate at 5% across this comparison's 36 cells/);
    expect(section).toMatch(/largest: <code>randread-psync read 51\.2× \(48\.3–54\.4\)<\/code>/);
  });

  it('says so when there is nothing to compare, and charts one heatmap per comparison family', async () => {
    const single = join(fixture.dir, 'reports', 'no-pairs');
    await writeReport([fixture.corpus.single], single);
    expect(await readFile(join(single, 'index.html'), 'utf8')).toMatch(/<section id="findings">\n<h2>Findings<\/h2>\n<p class="note">No pairs to compare, so no findings/);
    const matrix = join(fixture.dir, 'reports', 'families');
    await writeReport([fixture.corpus.matrix], matrix);
    const html = await readFile(join(matrix, 'index.html'), 'utf8');
    expect([...html.matchAll(/data-chart="(speedups[^"]*)"/g)].map((m) => m[1])).toEqual(['speedups-fs', 'speedups-host']);
    expect([...html.matchAll(/<div class="family" data-family="([^"]+)" data-metric="bw_bytes">/g)].map((m) => m[1])).toEqual(['fs', 'host']);
  });

  it('collapses provenance per configuration: a summary line with QEMU, daemon, kernel, accelerator and why, mount; the rest inside', async () => {
    const reason = 'KVM not used: /dev/kvm does not open';
    const envs = fixture.corpus.legacy.context.envs.map((e) => (e.name === 'virtiofs' ? { ...e, session: tcgSession(reason) } : e));
    const context = { ...fixture.corpus.legacy.context, envs };
    const out = join(fixture.dir, 'reports', 'provenance-details');
    await writeReport([{ ...fixture.corpus.legacy, context }], out);
    const html = await readFile(join(out, 'index.html'), 'utf8');
    const env = /<details class="env" data-env="virtiofs"><summary>([^]*?)<\/summary>([^]*?)<\/details>/.exec(html)!;
    expect(env[1]).toMatch(/QEMU <code>QEMU emulator version 7\.2\.22<\/code><\/span>; <span class="fact">daemon <code>virtiofsd version 7\.2\.22<\/code>/);
    expect(env[1]).toMatch(/kernel <code>6\.1\.0-57-amd64<\/code>/);
    // The legacy log's own mount line stays beside the session's: both are on record.
    expect(env[1]).toContain('<code>/mnt/virtiofs myfs   virtiofs rw,relatime,seclabel</code>');
    expect(env[1]).toContain(`accelerator <code>tcg</code></span> (${reason})`);
    expect(env[1]).toContain('mount <code>sharebench /mnt/share virtiofs rw,relatime 0 0</code>');
    expect(env[2]).toContain('session.qemu.argv');
    const sshfs = /<details class="env" data-env="sshfs"><summary>([^]*?)<\/summary>/.exec(html)![1]!;
    expect(sshfs).toMatch(/kernel <code>5\.17\.0-rc1\+<\/code>/);
    expect(sshfs).toContain('root@fs-i140:/mnt/intel-ssd-p1/sshfs-source/');
    expect(html).toMatch(/<details class="more-provenance"><summary>The machine that imported it, imported files<\/summary>\n<h4>Machine that imported it<\/h4>/);
  });

  it('lists provenance per dataset: fio versions, mount lines, the tool', async () => {
    const out = join(fixture.dir, 'reports', 'provenance');
    await writeReport([fixture.corpus.legacy, fixture.corpus.fio], out);
    const html = await readFile(join(out, 'index.html'), 'utf8');
    expect(html).toContain('<code>fio-3.26</code>');
    expect(html).toContain('<code>fio-3.33</code>');
    expect(html).toContain('<code>/mnt/virtiofs myfs   virtiofs rw,relatime,seclabel</code>');
    expect(html).toContain('root@fs-i140:/mnt/intel-ssd-p1/sshfs-source/');
    expect(html).toMatch(/<dt>sharebench<\/dt><dd><code>test<\/code>/);
    expect(html).toMatch(/ENOSPC/);
  });

  it('escapes data in text, attributes and embedded JSON: a hostile name stays text', async () => {
    const out = join(fixture.dir, 'reports', 'hostile');
    await writeReport([hostileDataset(fixture.corpus.legacy)], out);
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
