import { describe, expect, it } from 'vitest';
import { parquetMetadata, parquetReadObjects, parquetSchema } from 'hyparquet';
import { SPEEDUPS_COLUMNS, SUMMARY_COLUMNS, toParquet, type SummaryRow } from '@sharebench/analysis';

const toBuffer = (bytes: Uint8Array): ArrayBuffer => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

describe('analysis/ops/to-parquet', () => {
  it('types every column from the contract: STRING, INT32, DOUBLE, BOOLEAN, LIST of DOUBLE; nullable ones OPTIONAL', () => {
    const meta = parquetMetadata(toBuffer(toParquet([], SUMMARY_COLUMNS)));
    expect(Number(meta.num_rows)).toBe(0);
    const fields = new Map(parquetSchema(meta).children.map((c) => [c.element.name, c]));
    expect([...fields.keys()]).toEqual(SUMMARY_COLUMNS.map((c) => c.name));
    expect(fields.get('env')!.element).toMatchObject({ type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' });
    expect(fields.get('cache')!.element).toMatchObject({ type: 'BYTE_ARRAY', repetition_type: 'OPTIONAL' });
    expect(fields.get('numjobs')!.element).toMatchObject({ type: 'INT32', repetition_type: 'REQUIRED' });
    expect(fields.get('bw_bytes_mean')!.element).toMatchObject({ type: 'DOUBLE', repetition_type: 'OPTIONAL' });
    expect(fields.get('dax')!.element).toMatchObject({ type: 'BOOLEAN', repetition_type: 'REQUIRED' });
    const samples = fields.get('bw_bytes_samples')!;
    expect(samples.element).toMatchObject({ converted_type: 'LIST', repetition_type: 'REQUIRED' });
    expect(samples.children[0]!.element).toMatchObject({ name: 'list', repetition_type: 'REPEATED' });
    expect(samples.children[0]!.children[0]!.element).toMatchObject({ name: 'element', type: 'DOUBLE', repetition_type: 'REQUIRED' });
  });

  it('keeps values, nulls and lists (empty ones too); a non-finite number is null', async () => {
    const value = (c: (typeof SUMMARY_COLUMNS)[number], i: number) =>
      c.type === 'float_list' ? [] : c.nullable ? null : c.type === 'utf8' ? `v${i}` : c.type === 'bool' ? false : i;
    const row = (i: number): SummaryRow => Object.fromEntries(SUMMARY_COLUMNS.map((c) => [c.name, value(c, i)])) as never as SummaryRow;
    const rows = [
      { ...row(1), cache: 'auto', dax: true, bw_bytes_mean: 1.5e9, bw_bytes_samples: [1.4e9, 1.5e9, 1.6e9] },
      { ...row(2), bw_bytes_mean: Number.NaN, iops_samples: [0.25] },
    ];
    const back = await parquetReadObjects({ file: toBuffer(toParquet(rows, SUMMARY_COLUMNS)) });
    expect(back).toHaveLength(2);
    expect(back[0]).toMatchObject({ env: 'v1', cache: 'auto', dax: true, numjobs: 1, bw_bytes_mean: 1.5e9 });
    expect(back[0]).toMatchObject({ bw_bytes_samples: [1.4e9, 1.5e9, 1.6e9], iops_samples: [] });
    expect(back[1]).toMatchObject({ env: 'v2', cache: null, dax: false, bw_bytes_mean: null, bw_bytes_samples: [], iops_samples: [0.25] });
    expect(Object.keys(back[0]!)).toEqual(SUMMARY_COLUMNS.map((c) => c.name));
  });

  it('writes an empty table with its schema', async () => {
    const bytes = toParquet([], SPEEDUPS_COLUMNS);
    expect(await parquetReadObjects({ file: toBuffer(bytes) })).toEqual([]);
  });
});
