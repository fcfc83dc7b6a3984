import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromArrowIpc, importFiles, readTableBytes, TABLES, type ColumnType, type TableName } from '@sharebench/analysis';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/', import.meta.url));
const TOOL = { version: 'test', git_commit: null };

// What DuckDB calls each contract type when it reads our Parquet.
const DUCKDB_TYPE: Record<ColumnType, string> = { utf8: 'VARCHAR', int: 'INTEGER', float: 'DOUBLE', bool: 'BOOLEAN', float_list: 'DOUBLE[]' };

/** DuckDB (real, @duckdb/node-api) reads results/*.parquet: the same rows, columns, types and values as results/*.arrow. */
describe('analysis/dataset/write-results: Parquet, read by DuckDB', () => {
  let tmp: string;
  let db: DuckDBInstance;
  let con: DuckDBConnection;
  const datasets: Record<string, string> = {};
  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'sharebench-parquet-'));
    // The seed's legacy logs (36 speedups), every fio 3.33 fixture (failures, client/server hosts,
    // mixed directions, nulls; no pairs), and one env alone: empty speedups tables.
    datasets['legacy'] = join(tmp, 'legacy');
    for (const f of ['sshfs', 'virtiofs']) {
      await importFiles([join(FIXTURES, `legacy/${f}-test-data-raw.txt`)], { out: datasets['legacy'], pairs: [], tool: TOOL });
    }
    datasets['fio'] = join(tmp, 'fio');
    const fio = (await readdir(join(FIXTURES, 'fio-3.33'))).filter((f) => !f.endsWith('.md')).map((f) => join(FIXTURES, 'fio-3.33', f));
    for (const f of fio) await importFiles([f], { out: datasets['fio'], pairs: [], tool: TOOL });
    datasets['single'] = join(tmp, 'single');
    await importFiles([join(FIXTURES, 'legacy/virtiofs-test-data-raw.txt')], { out: datasets['single'], pairs: [], tool: TOOL });
    db = await DuckDBInstance.create(':memory:');
    con = await db.connect();
  });
  afterAll(async () => {
    con?.closeSync();
    db?.closeSync();
    await rm(tmp, { recursive: true, force: true });
  });

  const query = async (sql: string) => (await con.runAndReadAll(sql)).getRowObjectsJson();
  const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;

  for (const name of ['legacy', 'fio', 'single']) {
    for (const table of Object.keys(TABLES) as TableName[]) {
      it(`${name}: ${table}.parquet has the Arrow table's columns, types, rows and values`, async () => {
        const path = join(datasets[name]!, 'results', `${table}.parquet`);
        const arrow = fromArrowIpc<Record<string, unknown>>(await readTableBytes(datasets[name]!, table));
        const described = await query(`DESCRIBE SELECT * FROM read_parquet(${sqlString(path)})`);
        expect(described.map((d) => [d['column_name'], d['column_type']])).toEqual(TABLES[table].map((c) => [c.name, DUCKDB_TYPE[c.type]]));
        const [count] = await query(`SELECT count(*)::INTEGER AS n FROM read_parquet(${sqlString(path)})`);
        expect(count!['n']).toBe(arrow.length);
        // An imported dataset has no semantics probe: its table is empty, its columns still typed.
        if (table !== 'semantics' && (name === 'legacy' || table !== 'speedups')) expect(arrow.length).toBeGreaterThan(0);
        const rows = await query(`SELECT * FROM read_parquet(${sqlString(path)})`);
        expect(rows).toEqual(arrow.map((r) => Object.fromEntries(TABLES[table].map((c) => [c.name, r[c.name] ?? null]))));
      });
    }
  }

  it("answers the README's one-liner: mean bandwidth per env from summary.parquet", async () => {
    const path = join(datasets['legacy']!, 'results', 'summary.parquet');
    const rows = await query(
      `SELECT env, count(*)::INTEGER AS cells, round(avg(bw_bytes_mean) / 2^20, 1) AS mib_s FROM ${sqlString(path)} GROUP BY env ORDER BY env`,
    );
    expect(rows.map((r) => [r['env'], r['cells']])).toEqual([['sshfs', 36], ['virtiofs', 36]]);
    expect(Number(rows[1]!['mib_s'])).toBeGreaterThan(Number(rows[0]!['mib_s']));
  });
});
