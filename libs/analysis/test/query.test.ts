import { describe, expect, it } from 'vitest';
import * as aq from 'arquero';
import { formatTable } from '@sharebench/analysis';

const result = () =>
  aq.table({
    env: ['sshfs', 'virtiofs'],
    mount: ['/mnt fuse.sshfs rw,nosuid', 'say "hi"'],
    ratio: [42.123456789, 2],
    bw_bytes_samples: [Float64Array.of(1.5, 2), null],
  });

describe('analysis/ops/query formatTable', () => {
  it('writes CSV with quoted fields, 6 significant digits and lists as [a b]', () => {
    expect(formatTable(result(), 'csv')).toBe(
      'env,mount,ratio,bw_bytes_samples\nsshfs,"/mnt fuse.sshfs rw,nosuid",42.1235,[1.5 2]\nvirtiofs,"say ""hi""",2,\n',
    );
  });
  it('writes JSON rows with lists as arrays and missing values as null', () => {
    const t = aq.table({ g: ['a'], x: [null] }).groupby('g').rollup({ m: aq.op.mean('x') });
    expect(JSON.parse(formatTable(t, 'json'))).toEqual([{ g: 'a', m: null }]);
    expect(JSON.parse(formatTable(result(), 'json'))[0]).toEqual({
      env: 'sshfs',
      mount: '/mnt fuse.sshfs rw,nosuid',
      ratio: 42.123456789,
      bw_bytes_samples: [1.5, 2],
    });
  });
  it('aligns the text table', () => {
    expect(formatTable(result().select('env', 'ratio'), 'table')).toBe('env       ratio\n--------  -------\nsshfs     42.1235\nvirtiofs  2\n');
  });
});
