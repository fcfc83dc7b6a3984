import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIXTURES as FIX, sharebench } from './helpers.js';

const PKG = fileURLToPath(new URL('../package.json', import.meta.url));
const tmps: string[] = [];
afterEach(async () => {
  for (const t of tmps.splice(0)) await rm(t, { recursive: true, force: true });
});

describe('cli/main', () => {
  it('prints help with exit 0, and with exit 2 when no command is given', async () => {
    const h = await sharebench('--help');
    expect(h).toMatchObject({ exitCode: 0, stderr: '' });
    expect(h.stdout).toMatch(/^Usage: sharebench <command> \[options\]$/m);
    expect(h.stdout).toMatch(/Commands:\n {2}run .*\n {2}import/);
    const none = await sharebench();
    expect(none).toMatchObject({ exitCode: 2, stdout: h.stdout, stderr: '' });
    const q = await sharebench('query', '--help');
    expect(q.exitCode).toBe(0);
    expect(q.stdout).toMatch(/^sharebench query: .*\n\nUsage: sharebench query <dataset>/);
  });

  it('prints the version from package.json', async () => {
    const { version } = JSON.parse(await readFile(PKG, 'utf8')) as { version: string };
    expect(await sharebench('--version')).toEqual({ exitCode: 0, stdout: `${version}\n`, stderr: '' });
  });

  const usage: Array<[string, string[], RegExp]> = [
    ['an unknown command', ['frobnicate'], /unknown command "frobnicate"; commands are run, import, analyze, query, findings, compare, report, merge, probe, doctor$/],
    ['an unknown option', ['import', 'x', '--bogus'], /sharebench import: Unknown option '--bogus'; see 'sharebench import --help'$/],
    ['a missing argument', ['query'], /sharebench query: expected 1 argument\(s\), got 0; usage: sharebench query <dataset> /],
    ['a bad flag value', ['import', join(FIX, 'fio-3.33/json-psync-randread.json'), '--out', join(os.tmpdir(), 'unused'), '--pair', 'x'], /--pair: "x" is not CANDIDATE:BASELINE/],
  ];
  for (const [what, argv, message] of usage) {
    it(`refuses ${what}: one line on stderr, exit 2`, async () => {
      const r = await sharebench(...argv);
      expect(r.exitCode).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^sharebench: [^\n]*\n$/);
      expect(r.stderr.trimEnd()).toMatch(message);
    });
  }

  it("writes a command's output to the given streams", async () => {
    const dir = await mkdtemp(join(os.tmpdir(), 'sharebench-main-'));
    tmps.push(dir);
    const out = join(dir, 'ds');
    const i = await sharebench('import', join(FIX, 'fio-3.33/json-psync-randread.json'), '--out', out);
    expect(i, i.stderr).toMatchObject({ exitCode: 0, stderr: '' });
    expect(i.stdout).toMatch(/^.*json-psync-randread\.json: json, fio-3\.33, env json-psync-randread, 1 run row, 0 warnings\nimported 1 file\(s\) into .*: \d+ run rows, \d+ summary cells, \d+ speedups\n$/);
    const q = await sharebench('query', out, '--table', 'runs', '--select', 'job,status', '--format', 'csv');
    expect(q).toEqual({ exitCode: 0, stdout: 'job,status\nrr,ok\n', stderr: '' });
  });
});
