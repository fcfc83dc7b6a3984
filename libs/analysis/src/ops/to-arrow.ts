import { Bool, Field, Float64, Int32, List, Table, Utf8, tableToIPC, vectorFromArray, type DataType, type Vector } from 'apache-arrow';
import type { ColumnDef, ColumnType, RowOf } from '../schema.js';

const arrowType = (t: ColumnType): DataType => {
  switch (t) {
    case 'utf8':
      return new Utf8();
    case 'int':
      return new Int32();
    case 'float':
      return new Float64();
    case 'bool':
      return new Bool();
    case 'float_list':
      return new List(new Field('item', new Float64(), false));
  }
};

/**
 * Rows -> an Arrow IPC file, typed by the table's column contract (so an empty table still has
 * its schema, and a column that is null everywhere is still Float64, not Null).
 */
export function toArrowIpc<const Cols extends readonly ColumnDef[]>(rows: ReadonlyArray<RowOf<Cols>>, columns: Cols): Uint8Array {
  const vectors: Record<string, Vector> = {};
  for (const c of columns) {
    const values = rows.map((r) => {
      const v = (r as Record<string, unknown>)[c.name];
      if (v === undefined || (typeof v === 'number' && !Number.isFinite(v))) return null;
      return v;
    });
    vectors[c.name] = vectorFromArray(values, arrowType(c.type) as never);
  }
  return tableToIPC(new Table(vectors), 'file');
}
