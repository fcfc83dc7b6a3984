import * as aq from 'arquero';
import { InputError } from '@sharebench/core';
import { message } from '../messages.js';

export interface QueryOptions {
  /** arquero filter expression: `d => d.fs === 'virtiofs'` or `d.bw_bytes > 1e8`. */
  filter?: string;
  select?: string[];
  groupby?: string[];
  /** `name=op(col)` items, e.g. `bw=mean(bw_bytes)`, `n=count()`. */
  rollup?: string[];
  orderby?: string[];
  limit?: number;
}

/**
 * Runs an ad hoc query over one table with arquero expressions. Errors name the flag and the
 * expression and suggest the fix (the columns that exist).
 */
export function queryTable(input: Uint8Array | ReadonlyArray<Record<string, unknown>>, options: QueryOptions): aq.ColumnTable {
  let t = input instanceof Uint8Array ? aq.fromArrow(input) : aq.from(input as Array<Record<string, unknown>>);
  const columns = t.columnNames();
  const checkCols = (flag: string, names: string[]) => {
    for (const n of names) {
      if (!columns.includes(n)) throw new InputError(message.noColumn(flag, n, columns));
    }
  };
  if (options.filter) {
    const expr = options.filter.includes('=>') ? options.filter : `d => ${options.filter}`;
    t = attempt('--filter', options.filter, () => t.filter(expr));
  }
  if (options.groupby?.length) {
    checkCols('--groupby', options.groupby);
    t = t.groupby(...options.groupby);
  }
  if (options.rollup?.length) {
    const spec: Record<string, string> = {};
    for (const item of options.rollup) {
      const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*([A-Za-z_][A-Za-z0-9_]*)\(\s*([A-Za-z_][A-Za-z0-9_]*)?\s*\)\s*$/.exec(item);
      if (!m) throw new InputError(message.rollupShape(item));
      const [, name, op, col] = m;
      if (!(op! in aq.op)) throw new InputError(message.rollupUnknownOp(op));
      if (col) checkCols('--rollup', [col]);
      spec[name!] = `d => op.${op}(${col ? `d[${JSON.stringify(col)}]` : ''})`;
    }
    t = attempt('--rollup', options.rollup.join(','), () => t.rollup(spec));
  } else if (options.groupby?.length) {
    t = t.rollup({ n: aq.op.count() });
  }
  if (options.select?.length) {
    checkCols('--select', options.select);
    t = t.select(...options.select);
  }
  if (options.orderby?.length) t = t.orderby(...options.orderby);
  if (options.limit !== undefined) t = t.slice(0, options.limit);
  return t;
}

function attempt<T>(flag: string, expr: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw new InputError(message.cannotEvaluate(flag, expr, (err as Error).message), { cause: err });
  }
}

/** Formats a query result: an aligned text table, CSV, or a JSON array of objects. */
export function formatTable(t: aq.ColumnTable, format: 'table' | 'csv' | 'json'): string {
  if (format === 'json') return JSON.stringify(t.objects(), jsonValue, 2) + '\n';
  const names = t.columnNames();
  if (format === 'csv') return t.toCSV({ format: Object.fromEntries(names.map((n) => [n, cell])) });
  const cells = (t.objects() as Record<string, unknown>[]).map((r) => names.map((n) => cell(r[n])));
  const widths = names.map((n, i) => Math.max(n.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((s, i) => s.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(names), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n') + '\n';
}

/** Plain row objects formatted as formatTable does: an aligned text table, CSV, or JSON. */
export function formatRows(rows: ReadonlyArray<Record<string, unknown>>, format: 'table' | 'csv' | 'json'): string {
  return formatTable(aq.from(rows as Array<Record<string, unknown>>), format);
}

/** One cell as CSV and the text table show it: 6 significant digits, a list as `[a b c]`. */
function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (ArrayBuffer.isView(v) || Array.isArray(v)) return `[${Array.from(v as ArrayLike<number>).join(' ')}]`;
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
  return String(v);
}

// Sample columns are typed arrays, which JSON writes as {"0": ...}, and an aggregate over no
// valid value is undefined, which JSON drops (arquero's own toJSON writes it as invalid JSON).
function jsonValue(_key: string, v: unknown): unknown {
  if (v === undefined) return null;
  return ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v;
}
