import { tableFromIPC } from 'apache-arrow';

/** An Arrow IPC file -> plain row objects (lists become number arrays). */
export function fromArrowIpc<T = Record<string, unknown>>(bytes: Uint8Array): T[] {
  const table = tableFromIPC(bytes);
  const names = table.schema.fields.map((f) => f.name);
  const cols = names.map((n) => table.getChild(n)!);
  const rows: T[] = new Array(table.numRows);
  for (let i = 0; i < table.numRows; i++) {
    const row: Record<string, unknown> = {};
    for (let j = 0; j < names.length; j++) {
      const v = cols[j]!.get(i);
      row[names[j]!] = v !== null && typeof v === 'object' && 'toArray' in v ? Array.from((v as { toArray(): ArrayLike<number> }).toArray()) : v;
    }
    rows[i] = row as T;
  }
  return rows;
}
