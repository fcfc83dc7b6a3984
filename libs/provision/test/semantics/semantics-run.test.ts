import { describe, expect, it } from 'vitest';
import { PROBE_CHECKS } from '../../src/semantics/probe-checks.js';
import { probeArgs, SEMANTICS_CHECKS, sqliteWalRow } from '../../src/semantics/semantics-run.js';

describe('semantics/semantics-run', () => {
  it('reads the WAL check: ok, another journal mode kept, sqlite3\'s own error, no sqlite3', () => {
    expect(sqliteWalRow('wal\n1\nexit 0\n')).toEqual({ check: 'sqlite_wal', result: 'ok', errno: null, detail: expect.stringContaining('answered wal') });
    expect(sqliteWalRow('delete\n1\nexit 0\n')).toMatchObject({ result: 'differs', detail: 'PRAGMA journal_mode=WAL answered delete: SQLite kept that mode' });
    // What virtio-fs with cache=never gives (SQLITE_IOERR_SHMMAP): the first write after the pragma fails.
    expect(sqliteWalRow('Error: stepping, disk I/O error (10)\nwal\nexit 10\n')).toEqual({
      check: 'sqlite_wal',
      result: 'fails',
      errno: null,
      detail: 'sqlite3 exited 10: Error: stepping, disk I/O error (10) (after PRAGMA journal_mode=WAL answered wal)',
    });
    expect(sqliteWalRow('sh: sqlite3: not found\nexit 127\n')).toMatchObject({ result: 'unsupported', detail: 'no sqlite3 here: sh: sqlite3: not found' });
    expect(sqliteWalRow('')).toMatchObject({ result: 'unsupported', detail: 'the WAL check did not finish: no output' });
  });

  it('lists the probe\'s checks, then the runner\'s, and passes the bounds as the probe\'s options', () => {
    expect(SEMANTICS_CHECKS).toEqual([...PROBE_CHECKS, 'sqlite_wal']);
    expect(probeArgs({ checkTimeoutMs: 30_000, peerTimeoutMs: 60_000, eventMs: 3000, timeoutMs: 600_000 })).toEqual([
      '--timeout-ms', '30000', '--peer-timeout-ms', '60000', '--event-ms', '3000',
    ]);
  });
});
