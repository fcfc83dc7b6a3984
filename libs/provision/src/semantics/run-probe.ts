import { lstat, writeFile } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { ExitCode, ParseError, SharebenchError, oneLine } from '@sharebench/core';
import { parseProbeLine, type FileView, type ProbeBegin, type ProbeEnd, type ProbeOutput, type ProbeRow } from './parse-probe.js';
import { HOST_SIDE_CHECKS, PROBE_CHECKS, type FileType, type ProbeCheck } from './probe-checks.js';
import { message } from '../messages.js';

/*
 * The runner's half of the probe's protocol (the full description is at the top of
 * probe/semantics-probe.c). The probe prints lines; the runner reads them one by one:
 *
 *   BEGIN ...                 -> noted
 *   <check> <result> ...      -> a row
 *   WAIT <check> <path>       -> hostSide.createFile(hostDir/path), then reply "DONE <check>"
 *                                ("FAILED <check> <reason>" when it could not)
 *   HOSTSTAT <check> <path> <type> <uid> <gid> <mode>
 *                             -> hostSide.lstat(hostDir/path), emit row <check> comparing the two
 *                                views, then reply "DONE <check>"
 *   END <rows> <clean|leftover> <detail> -> the transcript is complete
 *
 * `converseWithProbe` speaks it over any line transport (a pipe here; a guest's virtio-serial
 * channel later), `runProbe` over the stdin/stdout of a probe process on this machine.
 */

/** What the runner does on its side of the share: the host's directory for a guest, the same directory for the host env. */
export interface HostSide {
  /** Creates the new file `path` (absolute) and writes a few bytes to it. */
  createFile(path: string): Promise<void>;
  /** lstat of `path` (absolute); rejects with the system error (its `code` is the errno name). */
  lstat(path: string): Promise<FileView>;
}

/** The host side for a directory this process can reach: node's fs on the same paths. */
export const localHostSide: HostSide = {
  createFile: (path) => writeFile(path, 'made by the sharebench runner\n', { flag: 'wx' }),
  lstat: async (path) => {
    const st = await lstat(path);
    return { type: fileType(st), uid: st.uid, gid: st.gid, mode: st.mode & 0o7777 };
  },
};

function fileType(st: Stats): FileType {
  if (st.isFile()) return 'file';
  if (st.isDirectory()) return 'dir';
  if (st.isSymbolicLink()) return 'symlink';
  if (st.isFIFO()) return 'fifo';
  if (st.isSocket()) return 'socket';
  if (st.isCharacterDevice()) return 'char';
  if (st.isBlockDevice()) return 'block';
  return 'unknown';
}

export interface ConverseOptions {
  /** The runner's path of the directory the probe was given. */
  hostDir: string;
  hostSide?: HostSide;
  /** Names the transcript in errors (`semantics-probe on /mnt/share`). */
  source?: string;
}

/**
 * Reads the probe's lines, acts on its requests and answers each on `reply` (one line, newline
 * included), until the lines end. Returns BEGIN, END and the rows: the probe's and, where it
 * asked with HOSTSTAT, the runner's own. Throws a ParseError naming the line when a line is not
 * the protocol, when BEGIN or END is missing, or when END's count disagrees with the rows.
 */
export async function converseWithProbe(
  lines: AsyncIterable<string>,
  reply: (line: string) => unknown,
  options: ConverseOptions,
): Promise<ProbeOutput> {
  const side = options.hostSide ?? localHostSide;
  const source = options.source ?? `semantics-probe on ${options.hostDir}`;
  let begin: ProbeBegin | null = null;
  let end: ProbeEnd | null = null;
  const rows: ProbeRow[] = [];
  let probeRows = 0;
  let n = 0;
  for await (const text of lines) {
    const at = { source, line: ++n };
    const line = parseProbeLine(text, at);
    if (end) throw new ParseError(source, at, message.probeLineAfterEnd(text));
    if (!begin && line.kind !== 'begin') throw new ParseError(source, at, message.probeNoBeginFirst(text));
    switch (line.kind) {
      case 'begin':
        if (begin) throw new ParseError(source, at, message.probeSecondBegin());
        begin = { protocol: line.protocol, workdir: line.workdir, kernel: line.kernel, euid: line.euid };
        break;
      case 'row':
        rows.push(line.row);
        probeRows++;
        break;
      case 'wait': {
        const failed = await side.createFile(join(options.hostDir, line.path)).then(
          () => null,
          (err: unknown) => oneLine(err),
        );
        await reply(failed === null ? `DONE\t${line.check}\n` : `FAILED\t${line.check}\t${field(failed)}\n`);
        break;
      }
      case 'hoststat':
        rows.push(await hostRow(line.check, join(options.hostDir, line.path), line.seen, side));
        await reply(`DONE\t${line.check}\n`);
        break;
      case 'end':
        end = { rows: line.rows, clean: line.clean, detail: line.detail };
        break;
    }
  }
  if (!begin) throw new ParseError(source, {}, message.probeNoOutput());
  if (!end) throw new ParseError(source, { line: n }, message.probeCutOff());
  if (end.rows !== probeRows) throw new ParseError(source, { line: n }, message.probeEndCountPrinted(end.rows, probeRows));
  return { begin, rows, end };
}

const field = (text: string) => text.replace(/[\t\r\n]+/g, ' ');

const describe = (v: FileView) => `type=${v.type} uid=${v.uid} gid=${v.gid} mode=${v.mode.toString(8).padStart(4, '0')}`;

/** The row for a HOSTSTAT: what the runner sees at `path` against what the probe saw. */
async function hostRow(check: ProbeCheck, path: string, seen: FileView, side: HostSide): Promise<ProbeRow> {
  let host: FileView;
  try {
    host = await side.lstat(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { check, result: 'fails', errno: code && /^E[A-Z0-9]+$/.test(code) ? code : null, detail: message.hostLstatFailed(path, oneLine(err)) };
  }
  const same = host.type === seen.type && host.uid === seen.uid && host.gid === seen.gid && host.mode === seen.mode;
  return same
    ? { check, result: 'ok', errno: null, detail: message.hostSeesSame(describe(host)) }
    : { check, result: 'differs', errno: null, detail: message.hostSeesOther(describe(host), describe(seen)) };
}

export interface RunProbeOptions {
  /** The built probe (buildProbe). */
  binary: string;
  /** The directory to probe, as the probe's process sees it. */
  dir: string;
  /** The runner's path of the same directory; `dir` by default (the host env). */
  hostDir?: string;
  hostSide?: HostSide;
  /** Run only these checks (the probe refuses the runner's `*_on_host` names). */
  only?: readonly ProbeCheck[];
  /** Bound of one check, ms (the probe's default: 10000). */
  timeoutMs?: number;
  /** How long a two-sided check waits for the runner's reply, ms (default 30000). */
  peerTimeoutMs?: number;
  /** How long the inotify checks wait for an event, ms (default 2000). */
  eventMs?: number;
  /** Extra environment for the probe (the test-only SHAREBENCH_PROBE_HANG). */
  env?: Record<string, string>;
}

export interface ProbeRun extends ProbeOutput {
  argv: string[];
  durationMs: number;
  stderr: string;
}

/** Checks that may wait on the runner (the probe's `peer` flag): each may take its bound plus the reply and event waits. */
const TWO_SIDED: readonly ProbeCheck[] = ['symlink', 'chown', 'inotify'];

/**
 * Runs the probe on `dir` as a child process of this one, with the runner's half of the protocol
 * on its stdin/stdout (see converseWithProbe). The probe bounds each check itself; this adds a
 * backstop for the whole run from the same bounds. Throws a SharebenchError with the argv and
 * the probe's stderr when it exits non-zero or outlives the backstop, a ParseError when its
 * output is not the protocol.
 */
export async function runProbe(options: RunProbeOptions): Promise<ProbeRun> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const peerTimeoutMs = options.peerTimeoutMs ?? 30_000;
  const eventMs = options.eventMs ?? 2_000;
  const args = [
    options.dir,
    ...(options.only ? ['--only', options.only.join(',')] : []),
    '--timeout-ms', String(timeoutMs),
    '--peer-timeout-ms', String(peerTimeoutMs),
    '--event-ms', String(eventMs),
  ];
  const argv = [options.binary, ...args];
  const checks = options.only ?? PROBE_CHECKS.filter((c) => !(HOST_SIDE_CHECKS as readonly string[]).includes(c));
  const twoSided = checks.filter((c) => TWO_SIDED.includes(c)).length;
  // One bound per check and one for the removal of the work directory, with room to spare.
  const backstopMs = (checks.length + 1) * timeoutMs + twoSided * (peerTimeoutMs + eventMs) + 10_000;
  const started = performance.now();
  const probe = execa(options.binary, args, {
    stdin: 'pipe',
    reject: false,
    timeout: backstopMs,
    env: options.env,
    buffer: { stdout: false },
  });
  const reply = (line: string) =>
    new Promise<void>((resolve) => {
      // A probe that has gone (killed at its bound, crashed) closes the pipe: its answer is moot.
      probe.stdin.write(line, () => resolve());
    });
  let transcript: ProbeOutput | null = null;
  let parseError: unknown = null;
  let killed = false;
  try {
    transcript = await converseWithProbe(probe.iterable({ from: 'stdout' }), reply, {
      hostDir: options.hostDir ?? options.dir,
      hostSide: options.hostSide,
      source: `semantics-probe on ${options.dir}`,
    });
  } catch (err) {
    parseError = err;
    // The probe stops its running check and removes its work directory on SIGTERM.
    killed = probe.kill();
  }
  probe.stdin.end();
  const result = await probe;
  const stderr = typeof result.stderr === 'string' ? result.stderr.trim() : '';
  const said = message.probeStderr(stderr);
  const cause = parseError ?? undefined;
  if (result.timedOut) {
    const what = message.probeBackstop(argv, backstopMs, said);
    throw new SharebenchError(what, { exitCode: ExitCode.runsFailed, cause });
  }
  // A probe that ended by itself with an error explains a cut transcript better than the parser does.
  if (!killed && result.exitCode !== 0) {
    const what = result.exitCode === ExitCode.usage ? message.probeRefusedArguments() : message.probeExitFailed(result.exitCode ?? result.signal);
    throw new SharebenchError(message.probeEnded(argv, what, said), { exitCode: ExitCode.runsFailed, cause });
  }
  if (parseError !== null || !transcript) throw parseError;
  return { ...transcript, argv, durationMs: performance.now() - started, stderr };
}
