import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFioOutput } from '@sharebench/fio';
import { fixture } from './fixture.js';

describe('fio/parse-fio-output', () => {
  const files = readdirSync(new URL('../../../fixtures/fio-3.33/', import.meta.url)).filter((f) => f !== 'README.md');

  it('parses every fio 3.33 fixture', () => {
    expect(files).toHaveLength(14);
    const counts = Object.fromEntries(files.map((f) => [f, parseFioOutput(fixture(`fio-3.33/${f}`), f).records.length]));
    expect(counts).toEqual({
      'json-client-server-2.out': 3,
      'json-enospc-with-preamble.out': 1,
      'json-psync-randread.json': 1,
      'json-randrw-numjobs2-group.json': 2,
      'json-status-interval.out': 1,
      'json-tab-in-description.json': 1,
      'jsonplus-bins.json': 2,
      'normal-plus-terse.txt': 2,
      'terse-v2.txt': 1,
      'terse-v3.txt': 2,
      'terse-v4.txt': 1,
      'terse-v5.txt': 1,
      'unified-both-mixed.txt': 3,
      'unified-mixed.txt': 1,
    });
  });

  it('prefers JSON over terse lines in the same file, unless terse is asked for', () => {
    const text = fixture('fio-3.33/unified-mixed.txt');
    expect(parseFioOutput(text, 'u').records[0]).toMatchObject({ iops: 15515.151515, total_ios: 1024 });
    expect(parseFioOutput(text, 'u', 'terse').records[0]).toMatchObject({ iops: 15515, total_ios: null });
    expect(parseFioOutput(text, 'u', 'terse').format).toBe('terse');
  });

  it('reads terse-only files in auto mode and JSON in json mode', () => {
    expect(parseFioOutput(fixture('fio-3.33/terse-v4.txt'), 't').format).toBe('terse');
    expect(parseFioOutput(fixture('fio-3.33/jsonplus-bins.json'), 'j', 'json').format).toBe('json+');
    expect(() => parseFioOutput(fixture('fio-3.33/terse-v4.txt'), 't.txt', 'json')).toThrow(/^t\.txt:line \d+: expected a fio JSON document/);
  });

  it('refuses a legacy log, empty input and text that is no fio output, with clear errors', () => {
    expect(() => parseFioOutput(fixture('legacy/sshfs-test-data-raw.txt'), 'sshfs.txt')).toThrow(/^sshfs\.txt:line 1: this is a run-fio-test\.sh log/);
    expect(() => parseFioOutput('', 'e.json')).toThrow(/^e\.json:byte 0: empty input/);
    expect(() => parseFioOutput('fio: engine x not loadable\n', 'x.out')).toThrow(/^x\.out:line 1: expected fio output: a JSON document .* or terse lines/);
    expect(() => parseFioOutput('7;fio-3.33;a;0;0\n', 'v7.txt')).toThrow(/^v7\.txt:line 1: terse version "7" is unknown/);
  });

  it('reads files that start with a byte order mark', () => {
    const json = parseFioOutput(`\ufeff${fixture('fio-3.33/json-psync-randread.json')}`, 'bom.json');
    expect(json.records[0]).toMatchObject({ jobname: 'rr', io_bytes: 8388608 });
    expect(parseFioOutput(`\ufeff${fixture('fio-3.33/terse-v3.txt')}`, 'bom.txt').records).toHaveLength(2);
  });
});
