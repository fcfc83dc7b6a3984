import { describe, expect, it } from 'vitest';
import { parseLegacyHeader } from '@sharebench/fio';

describe('fio/legacy/parse-legacy-header', () => {
  it('splits a line before every further " UPPER_KEY=" and keeps other spaces in values', () => {
    const { header, next } = parseLegacyHeader([
      'MOUNTPOINT=/mnt/x myfs   virtiofs rw,relatime,user_id=0',
      'RUNTIME=20 LOOPS=3 IODEPTH=16',
      'NOTE=two words A_B=c d',
      'EMPTY=',
      '',
      'OTHER=after the blank line',
    ]);
    expect(header).toEqual({
      MOUNTPOINT: '/mnt/x myfs   virtiofs rw,relatime,user_id=0',
      RUNTIME: '20',
      LOOPS: '3',
      IODEPTH: '16',
      NOTE: 'two words',
      A_B: 'c d',
      EMPTY: '',
    });
    expect(next).toBe(4);
  });

  it('stops at the first line that is not KEY=VALUE', () => {
    expect(parseLegacyHeader(['Running: fio x.job', 'A=1'])).toEqual({ header: {}, next: 0 });
  });
});
