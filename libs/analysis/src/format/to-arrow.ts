import { Bool, Field, Float64, Int32, List, Table, Utf8, makeData, makeVector, tableToIPC, type Data, type DataType, type Vector } from 'apache-arrow';
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
 * its schema, and a column that is null everywhere is still Float64, not Null). Each column's
 * buffers are filled directly (values, validity bitmap, offsets): apache-arrow's generic builders
 * cost a fresh `sharebench import` process more than parsing its inputs. `metadata` goes into the
 * schema's key-value metadata (the results tables' layout version).
 */
export function toArrowIpc<const Cols extends readonly ColumnDef[]>(
  rows: ReadonlyArray<RowOf<Cols>>,
  columns: Cols,
  metadata: Readonly<Record<string, string>> = {},
): Uint8Array {
  const vectors: Record<string, Vector> = {};
  for (const c of columns) {
    const values = rows.map((r) => (r as Record<string, unknown>)[c.name]);
    vectors[c.name] = makeVector(columnData(c.type, values));
  }
  const table = new Table(vectors);
  for (const [k, v] of Object.entries(metadata)) table.schema.metadata.set(k, v);
  return tableToIPC(table, 'file');
}

/** A validity bitmap (bit set = value present) and the count of nulls, for `present(i)` over n values. */
function validity(n: number, present: (i: number) => boolean): { nullBitmap: Uint8Array; nullCount: number } {
  const nullBitmap = new Uint8Array(Math.ceil(n / 8));
  let nullCount = 0;
  for (let i = 0; i < n; i++) {
    if (present(i)) nullBitmap[i >> 3]! |= 1 << (i & 7);
    else nullCount++;
  }
  return { nullBitmap, nullCount };
}

// A number cell that is missing or not finite is null, as the contract has no NaN.
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function columnData(type: ColumnType, values: readonly unknown[]): Data {
  const length = values.length;
  switch (type) {
    case 'float': {
      const data = new Float64Array(length);
      for (let i = 0; i < length; i++) if (isNumber(values[i])) data[i] = values[i] as number;
      return makeData({ type: new Float64(), length, data, ...validity(length, (i) => isNumber(values[i])) });
    }
    case 'int': {
      const data = new Int32Array(length);
      for (let i = 0; i < length; i++) if (isNumber(values[i])) data[i] = values[i] as number;
      return makeData({ type: new Int32(), length, data, ...validity(length, (i) => isNumber(values[i])) });
    }
    case 'bool': {
      const data = validity(length, (i) => values[i] === true).nullBitmap;
      return makeData({ type: new Bool(), length, data, ...validity(length, (i) => typeof values[i] === 'boolean') });
    }
    case 'utf8': {
      const encoder = new TextEncoder();
      const valueOffsets = new Int32Array(length + 1);
      let bytes = new Uint8Array(Math.max(64, length * 16));
      let end = 0;
      for (let i = 0; i < length; i++) {
        const v = values[i];
        if (typeof v === 'string') {
          // UTF-8 takes at most 3 bytes per UTF-16 code unit.
          if (end + v.length * 3 > bytes.length) {
            const grown = new Uint8Array(Math.max(bytes.length * 2, end + v.length * 3));
            grown.set(bytes.subarray(0, end));
            bytes = grown;
          }
          end += encoder.encodeInto(v, bytes.subarray(end)).written;
        }
        valueOffsets[i + 1] = end;
      }
      return makeData({ type: new Utf8(), length, valueOffsets, data: bytes.subarray(0, end), ...validity(length, (i) => typeof values[i] === 'string') });
    }
    case 'float_list': {
      const lists = values.map((v) => (Array.isArray(v) ? (v as number[]) : null));
      const valueOffsets = new Int32Array(length + 1);
      for (let i = 0; i < length; i++) valueOffsets[i + 1] = valueOffsets[i]! + (lists[i]?.length ?? 0);
      const items = new Float64Array(valueOffsets[length]!);
      for (let i = 0; i < length; i++) items.set(lists[i] ?? [], valueOffsets[i]!);
      const listType = arrowType('float_list') as List<Float64>;
      const child = makeData({ type: listType.children[0]!.type, length: items.length, data: items, nullCount: 0 });
      return makeData({ type: listType, length, valueOffsets, child, ...validity(length, (i) => lists[i] !== null) });
    }
  }
}
