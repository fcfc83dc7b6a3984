import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { lastLines, oneLine, type SemanticsCheck } from '@sharebench/core';
import { encodeCpioArchive } from '@sharebench/guest-image';
import { buildProbe } from './build-probe.js';
import type { ProbeBegin, ProbeEnd } from './parse-probe.js';
import { PROBE_CHECKS } from './probe-checks.js';
import { runProbe } from './run-probe.js';
import { message } from '../messages.js';

/** Checks the runner makes itself beside the probe's: SQLite's WAL mode, with the environment's own sqlite3. */
export const RUNNER_CHECKS = ['sqlite_wal'] as const;

/** Every check of a semantics run, in the order the matrix shows them. */
export const SEMANTICS_CHECKS: readonly string[] = [...PROBE_CHECKS, ...RUNNER_CHECKS];

/** One row of the `semantics` table, but for its env: a check, what it found, the errno (with `fails`), what was seen. */
export type SemanticsRow = SemanticsCheck;

/** How a semantics run ended: its rows when the probe ran to its end, else why not. */
export interface SemanticsRun {
  state: 'completed' | 'failed' | 'timedOut' | 'interrupted';
  reason: string | null;
  rows: SemanticsRow[];
  begin: ProbeBegin | null;
  end: ProbeEnd | null;
  /** The probe's stdout as it came (a guest's, relayed); empty where the runner read it directly. */
  transcript: string;
  stderr: string;
  /** The probe's argv, inside the guest for a guest. */
  command: string[];
  durationMs: number;
}

/** One semantics run in an open session (see Session.runProbe). */
export interface ProbeRunRequest {
  /** Bound of one check, ms. */
  checkTimeoutMs: number;
  /** How long a two-sided check waits for the runner, and the inotify checks for an event, ms. */
  peerTimeoutMs: number;
  eventMs: number;
  /** Hard limit for the whole run, ms. */
  timeoutMs: number;
}

/** The probe's arguments after its directory, for `request`. */
export function probeArgs(request: ProbeRunRequest): string[] {
  return ['--timeout-ms', String(request.checkTimeoutMs), '--peer-timeout-ms', String(request.peerTimeoutMs), '--event-ms', String(request.eventMs)];
}

/** The SQL of the WAL check: WAL mode, a table, a row, the row read back. Run with `sqlite3 -bail <db>`. */
export const SQLITE_WAL_SQL = 'PRAGMA journal_mode=WAL; CREATE TABLE t(x); INSERT INTO t VALUES(1); SELECT count(*) FROM t;';

/** The WAL check's database in the probed directory (removed with its -wal and -shm files after). */
export const SQLITE_WAL_DB = 'sharebench.probe-wal.db';

/**
 * The sqlite_wal row from what the check printed: sqlite3's output, then `exit <status>` (the
 * guest's init and the host run it the same way). `ok` when it answered `wal` and read its row
 * back; `differs` when SQLite kept another journal mode; `fails` with sqlite3's own error (a
 * share that cannot map the -shm file shared and writable gives SQLITE_IOERR_SHMMAP, printed as
 * a disk I/O error); `unsupported` when there is no sqlite3.
 */
export function sqliteWalRow(output: string): SemanticsRow {
  const lines = output.trimEnd().split('\n');
  const exit = /^exit (\d+)$/.exec(lines.at(-1) ?? '');
  const said = lines.slice(0, exit ? -1 : undefined).map((l) => l.trim()).filter(Boolean);
  const check = 'sqlite_wal';
  if (!exit) return { check, result: 'unsupported', errno: null, detail: message.walUnfinished(lastLines(output)) };
  const status = Number(exit[1]);
  if (status === 127) return { check, result: 'unsupported', errno: null, detail: message.walNoSqlite(lastLines(said.join('\n'))) };
  if (status !== 0) {
    // Its stderr comes before its buffered stdout (`wal`, the pragma's answer): say them apart.
    const errors = said.filter((l) => l !== 'wal');
    return { check, result: 'fails', errno: null, detail: message.walSqliteFailed(status, lastLines(errors.join('\n'), 2), said.includes('wal')) };
  }
  if (said[0] !== 'wal') return { check, result: 'differs', errno: null, detail: message.walModeKept(said[0]) };
  if (said[1] !== '1') return { check, result: 'differs', errno: null, detail: message.walRowLost(said[1]) };
  return { check, result: 'ok', errno: null, detail: message.walOk() };
}

/** The same check on the host env: the host's sqlite3 in `dir`, its output in the guest's shape. */
export async function sqliteWalOnHost(dir: string): Promise<SemanticsRow> {
  const db = join(dir, SQLITE_WAL_DB);
  const clean = () => Promise.all(['', '-wal', '-shm'].map((s) => rm(`${db}${s}`, { force: true })));
  await clean();
  try {
    const r = await execa('sqlite3', ['-bail', db, SQLITE_WAL_SQL], { reject: false, all: true, timeout: 60_000 });
    const status = r.exitCode ?? (r.code === 'ENOENT' ? 127 : 1);
    return sqliteWalRow(`${r.all ?? oneLine(r.shortMessage)}\nexit ${status}\n`);
  } finally {
    await clean();
  }
}

/** The probe built for this host (a static program) and the same as a newc archive holding `probe/semantics-probe`, for a guest's initrd. */
export async function probeForGuest(cacheDir: string): Promise<{ path: string; cpioPath: string }> {
  const binary = await buildProbe(cacheDir);
  const cpioPath = join(cacheDir, 'probe', binary.digest, 'probe.cpio');
  const exists = await readFile(cpioPath).then(() => true, () => false);
  if (!exists) {
    await mkdir(join(cacheDir, 'probe', binary.digest), { recursive: true });
    const data = await readFile(binary.path);
    const tmp = `${cpioPath}.${process.pid}.tmp`;
    await writeFile(tmp, encodeCpioArchive([{ type: 'dir', path: 'probe' }, { type: 'file', path: GUEST_PROBE.slice(1), data, mode: 0o755 }]));
    await rename(tmp, cpioPath);
  }
  return { path: binary.path, cpioPath };
}

/** Where a guest finds the probe: in its initramfs, never on the share it probes. */
export const GUEST_PROBE = '/probe/semantics-probe';

/**
 * The semantics run of the host env: the probe on `dir` as a child process (the runner's side
 * is this same directory), then the WAL check. A probe that cannot run is a failed run with why.
 */
export async function runSemanticsOnHost(dir: string, probe: string, request: ProbeRunRequest): Promise<SemanticsRun> {
  const started = performance.now();
  const command = [probe, dir, ...probeArgs(request)];
  const none = { rows: [], begin: null, end: null, transcript: '', stderr: '', command };
  try {
    const run = await runProbe({
      binary: probe,
      dir,
      timeoutMs: request.checkTimeoutMs,
      peerTimeoutMs: request.peerTimeoutMs,
      eventMs: request.eventMs,
    });
    const rows: SemanticsRow[] = [...run.rows, await sqliteWalOnHost(dir)];
    return { ...none, state: 'completed', reason: null, rows, begin: run.begin, end: run.end, stderr: run.stderr, durationMs: performance.now() - started };
  } catch (err) {
    return { ...none, state: 'failed', reason: oneLine(err), durationMs: performance.now() - started };
  }
}
