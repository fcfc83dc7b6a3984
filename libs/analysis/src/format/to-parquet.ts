import { parquetWriteBuffer, type ColumnSource, type SchemaElement } from 'hyparquet-writer';
import type { ColumnDef, ColumnType, RowOf } from '../schema.js';

const leaf = (t: Exclude<ColumnType, 'float_list'>): Pick<SchemaElement, 'type' | 'converted_type' | 'logical_type'> => {
  switch (t) {
    case 'utf8':
      return { type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' } };
    case 'int':
      return { type: 'INT32' };
    case 'float':
      return { type: 'DOUBLE' };
    case 'bool':
      return { type: 'BOOLEAN' };
  }
};

/** A column's Parquet schema elements: one leaf, or the standard 3-level LIST of DOUBLE for a float_list. */
function schemaOf(c: ColumnDef): SchemaElement[] {
  const repetition_type = c.nullable ? 'OPTIONAL' : 'REQUIRED';
  if (c.type !== 'float_list') return [{ name: c.name, repetition_type, ...leaf(c.type) }];
  return [
    { name: c.name, repetition_type, converted_type: 'LIST', logical_type: { type: 'LIST' }, num_children: 1 },
    { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
    { name: 'element', repetition_type: 'REQUIRED', type: 'DOUBLE' },
  ];
}

/**
 * Rows -> a Parquet file with the same columns and types as the Arrow file (utf8 as STRING, int as
 * INT32, float as DOUBLE, bool as BOOLEAN, float_list as LIST of DOUBLE), typed by the table's
 * column contract so that an empty table keeps its schema; non-finite numbers become null, as in
 * toArrowIpc.
 */
export function toParquet<const Cols extends readonly ColumnDef[]>(rows: ReadonlyArray<RowOf<Cols>>, columns: Cols): Uint8Array {
  const columnData: ColumnSource[] = columns.map((c) => ({
    name: c.name,
    nullable: c.nullable,
    data: rows.map((r) => {
      const v = (r as Record<string, unknown>)[c.name];
      if (v === undefined || (typeof v === 'number' && !Number.isFinite(v))) return null;
      return v;
    }),
  }));
  const schema: SchemaElement[] = [{ name: 'root', num_children: columns.length }, ...columns.flatMap(schemaOf)];
  // Results are small and read whole: no column statistics, no compression (they cost more than the rest of an import).
  return new Uint8Array(parquetWriteBuffer({ columnData, schema, createdBy: 'sharebench (hyparquet-writer)', statistics: false, codec: 'UNCOMPRESSED' }));
}
