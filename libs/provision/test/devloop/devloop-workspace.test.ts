import { describe, expect, it } from 'vitest';
import { devloopCounts, type DevloopSpec } from '@sharebench/core';
import { fileText, insertSql, packageEntries, repoPaths } from '../../src/devloop/devloop-workspace.js';

const SPEC: DevloopSpec = {
  repo: { files: 12, dirs: 3, commits: 3, file_size_bytes: 300, changed_files: 5 },
  install: { packages: 4, files_per_package: 5, file_size_bytes: 100, workers: 2 },
  sqlite: { transactions: 3, rows_per_transaction: 7 },
};

describe('devloop/devloop-workspace', () => {
  it('writes file texts of the asked size, different per file and commit, the same every time', () => {
    expect(fileText(3, 1, 300)).toHaveLength(300);
    expect(fileText(3, 1, 300)).toBe(fileText(3, 1, 300));
    expect(fileText(3, 2, 300)).not.toBe(fileText(3, 1, 300));
    expect(fileText(4, 1, 300)).not.toBe(fileText(3, 1, 300));
    expect(fileText(0, 1, 1)).toBe('f');
  });

  it('spreads the files over the directories with names that sort in creation order', () => {
    const paths = repoPaths(SPEC.repo);
    expect(paths.slice(0, 4)).toEqual(['d0/f00.txt', 'd1/f01.txt', 'd2/f02.txt', 'd0/f03.txt']);
    expect(new Set(paths.map((p) => p.split('/')[0])).size).toBe(3);
    expect(repoPaths({ ...SPEC.repo, files: 1000, dirs: 100 })[999]).toBe('d99/f999.txt');
  });

  it('lays a package out as npm does, and counts what an install extracts and rm -rf removes', () => {
    const entries = packageEntries(2, SPEC.install);
    expect(entries.map((e) => e.path)).toEqual([
      'pkg2', 'pkg2/lib', 'pkg2/package.json', 'pkg2/index.js', 'pkg2/lib/m2.js', 'pkg2/lib/m3.js', 'pkg2/lib/m4.js',
    ]);
    const files = entries.filter((e) => e.type === 'file');
    expect(files.every((f) => f.type === 'file' && f.data.byteLength === 100)).toBe(true);
    const counts = devloopCounts(SPEC);
    expect(counts.installFiles).toBe(SPEC.install.packages * files.length);
    // node_modules itself, then every package's entries.
    expect(counts.modulesEntries).toBe(1 + SPEC.install.packages * entries.length);
    expect(packageEntries(0, { ...SPEC.install, files_per_package: 2 }).map((e) => e.path)).toEqual(['pkg0', 'pkg0/package.json', 'pkg0/index.js']);
  });

  it('writes the inserts in WAL mode, a transaction per BEGIN ... COMMIT', () => {
    const sql = insertSql(SPEC.sqlite).split('\n');
    expect(sql[0]).toBe('PRAGMA journal_mode=WAL;');
    expect(sql.filter((l) => l === 'BEGIN;')).toHaveLength(3);
    expect(sql.filter((l) => l === 'COMMIT;')).toHaveLength(3);
    expect(sql.filter((l) => l.startsWith('INSERT INTO t')).length).toBe(devloopCounts(SPEC).rows);
  });
});
