import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bool, Field, Float64, Int32, List, Table, tableFromIPC, tableToIPC, Utf8, vectorFromArray, type DataType, type Vector } from 'apache-arrow';
import { fromArrowIpc, importFiles, RUNS_COLUMNS, SPEEDUPS_COLUMNS, SUMMARY_COLUMNS, toArrowIpc, type ColumnDef, type Tables } from '@sharebench/analysis';

const ARCHIVE = fileURLToPath(new URL('../../../fixtures/virtiofs-tests/performance-results/feb-23-2021/raw-data/cache-none/', import.meta.url));

/** The same table through apache-arrow's own builders (vectorFromArray), as toArrowIpc once did it. */
function byBuilders(rows: ReadonlyArray<Record<string, unknown>>, columns: readonly ColumnDef[]): Uint8Array {
  const types: Record<string, () => DataType> = {
    utf8: () => new Utf8(),
    int: () => new Int32(),
    float: () => new Float64(),
    bool: () => new Bool(),
    float_list: () => new List(new Field('item', new Float64(), false)),
  };
  const vectors: Record<string, Vector> = {};
  for (const c of columns) {
    const values = rows.map((r) => (typeof r[c.name] === 'number' && !Number.isFinite(r[c.name]) ? null : (r[c.name] ?? null)));
    vectors[c.name] = vectorFromArray(values, types[c.type]!() as never);
  }
  return tableToIPC(new Table(vectors), 'file');
}

describe('analysis/ops/to-arrow', () => {
  let tmp: string;
  let tables: Tables;
  beforeAll(async () => {
    tmp = await mkdtemp(join(os.tmpdir(), 'sharebench-to-arrow-'));
    // Real rows: failed and unsupported runs (nulls), randrw, mount lines, sample lists.
    const files = ['9p-cache-none-test-data.txt', 'vtfs-cache-none-test-data.txt', 'vtfs-cache-none-dax-16G-test-data.txt'].map((f) => join(ARCHIVE, f));
    ({ tables } = await importFiles(files, { out: join(tmp, 'ds'), tool: { version: 'test', git_commit: null } }));
  });
  afterAll(() => rm(tmp, { recursive: true, force: true }));

  for (const [name, columns] of [['runs', RUNS_COLUMNS], ['summary', SUMMARY_COLUMNS], ['speedups', SPEEDUPS_COLUMNS]] as const) {
    it(`writes the ${name} table as apache-arrow's builders do: schema, nulls and values`, () => {
      const rows = tables[name] as unknown as Array<Record<string, unknown>>;
      expect(rows.length).toBeGreaterThan(100);
      const ours = toArrowIpc(rows as never, columns);
      const theirs = byBuilders(rows, columns);
      const fields = (bytes: Uint8Array) => tableFromIPC(bytes).schema.fields.map((f) => [f.name, String(f.type), f.nullable]);
      expect(fields(ours)).toEqual(fields(theirs));
      expect(fromArrowIpc(ours)).toEqual(fromArrowIpc(theirs));
    });
  }

  it('keeps an empty table\'s schema and writes strings beyond ASCII', () => {
    expect(tableFromIPC(toArrowIpc([], RUNS_COLUMNS)).schema.fields.map((f) => f.name)).toEqual(RUNS_COLUMNS.map((c) => c.name));
    const rows = [{ ...tables.runs[0]!, job: 'j\u00f6b-\u6f22\u5b57-\ud83d\ude00', bw_bytes: Number.NaN }];
    const back = fromArrowIpc<Record<string, unknown>>(toArrowIpc(rows, RUNS_COLUMNS));
    expect(back[0]).toMatchObject({ job: 'j\u00f6b-\u6f22\u5b57-\ud83d\ude00', bw_bytes: null });
  });
});
