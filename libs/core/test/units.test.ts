import { describe, expect, it } from 'vitest';
import { parseSize, parseDurationMs, formatSizeForFio, assertSafeName, isSafeName, parseJobName, jobName } from '@sharebench/core';

describe('core/units', () => {
  it('parses sizes with fio base-1024 suffixes', () => {
    expect(parseSize('4k', 'x')).toBe(4096);
    expect(parseSize('4G', 'x')).toBe(4 * 1024 ** 3);
    expect(parseSize('64MiB', 'x')).toBe(64 * 1024 ** 2);
    expect(parseSize(512, 'x')).toBe(512);
  });
  it('rejects bad sizes with the location in the message', () => {
    expect(() => parseSize('4 parsecs', 'campaign.json: fio.size')).toThrow(/campaign.json: fio.size: "4 parsecs" is not a size/);
    expect(() => parseSize(-1, 'k')).toThrow(/not a size/);
  });
  it('parses durations into ms', () => {
    expect(parseDurationMs('20s', 'x')).toBe(20_000);
    expect(parseDurationMs('500ms', 'x')).toBe(500);
    expect(parseDurationMs(2, 'x')).toBe(2000);
    expect(() => parseDurationMs('-5s', 'fio.runtime')).toThrow(/fio.runtime: "-5s" is not a positive duration/);
  });
  it('formats sizes exactly for fio', () => {
    expect(formatSizeForFio(4096)).toBe('4k');
    expect(formatSizeForFio(4 * 1024 ** 3)).toBe('4g');
    expect(formatSizeForFio(1000)).toBe('1000');
  });
});

describe('core/names', () => {
  it('accepts convention names and refuses path tricks', () => {
    expect(isSafeName('virtiofs-auto-dax-node0')).toBe(true);
    expect(isSafeName('9p-mmap')).toBe(true);
    for (const bad of ['../../x', '', '.hidden', 'a/b', 'a b', 'x'.repeat(65), 'a..b']) expect(isSafeName(bad)).toBe(false);
    expect(() => assertSafeName('../../x', '--env')).toThrow(/--env: "..\/..\/x" is not a safe name/);
  });
  it('splits and builds seed job names', () => {
    expect(parseJobName('randrw-libaio-multi')).toEqual({ workload: 'randrw', ioengine: 'libaio', multi: true });
    expect(parseJobName('seqread-psync')).toEqual({ workload: 'seqread', ioengine: 'psync', multi: false });
    expect(parseJobName('weird name')).toBeNull();
    expect(jobName('seqwrite', 'mmap', true)).toBe('seqwrite-mmap-multi');
  });
});
