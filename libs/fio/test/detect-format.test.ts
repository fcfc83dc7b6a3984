import { describe, expect, it } from 'vitest';
import { detectFormat } from '@sharebench/fio';
import { fixture } from './fixture.js';

describe('fio/detect-format', () => {
  it.each([
    ['fio-3.33/json-psync-randread.json', 'json'],
    ['fio-3.33/json-enospc-with-preamble.out', 'json'],
    ['fio-3.33/json-client-server-2.out', 'json'],
    ['fio-3.33/json-status-interval.out', 'json'],
    ['fio-3.33/jsonplus-bins.json', 'json'],
    ['fio-3.33/unified-mixed.txt', 'json'],
    ['fio-3.33/unified-both-mixed.txt', 'json'],
    ['fio-3.33/normal-plus-terse.txt', 'terse'],
    ['fio-3.33/terse-v2.txt', 'terse'],
    ['fio-3.33/terse-v5.txt', 'terse'],
    ['legacy/sshfs-test-data-raw.txt', 'legacy'],
    ['legacy/virtiofs-test-data-raw.txt', 'legacy'],
  ])('%s is %s', (path, format) => {
    expect(detectFormat(fixture(path))).toBe(format);
  });

  it('detects a legacy log by its Running lines without a header, and gives null for anything else', () => {
    expect(detectFormat('\nRunning: fio a.job\n3;fio-3.26;a;0;0\n')).toBe('legacy');
    expect(detectFormat('')).toBeNull();
    expect(detectFormat('hello\n{x\n')).toBeNull();
    // An object on a line is JSON (compact or re-written); whether it is fio's is for the parser to say.
    expect(detectFormat('hello\n{ "a": 1 }\n')).toBe('json');
    expect(detectFormat(fixture('legacy/expected-report.txt'))).toBeNull();
  });
});
