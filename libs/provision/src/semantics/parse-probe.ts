import { ParseError } from '@sharebench/core';
import { isFileType, isProbeCheck, isProbeResult, type FileType, type ProbeCheck, type ProbeResult } from './probe-checks.js';
import { message } from '../messages.js';

/** The protocol version this parser speaks (BEGIN's first field). */
export const PROBE_PROTOCOL = 1;

/** One check's outcome, as it goes into the `semantics` table. `errno` only with `fails`. */
export interface ProbeRow {
  check: ProbeCheck;
  result: ProbeResult;
  /** The errno name (`EOPNOTSUPP`), or null. */
  errno: string | null;
  detail: string;
}

export interface ProbeBegin {
  protocol: number;
  /** The probe's work directory, relative to the directory it was given. */
  workdir: string;
  /** `uname -r` where the probe ran (the guest's kernel, for a guest). */
  kernel: string;
  euid: number;
}

export interface ProbeEnd {
  /** How many rows the probe printed (not counting the runner's). */
  rows: number;
  /** Whether the work directory was removed. */
  clean: boolean;
  detail: string;
}

/** What the probe sees at a path it asks the runner about (HOSTSTAT). */
export interface FileView {
  type: FileType;
  uid: number;
  gid: number;
  /** Permission bits with setuid/setgid/sticky (st_mode & 07777). */
  mode: number;
}

export type ProbeLine =
  | ({ kind: 'begin' } & ProbeBegin)
  | { kind: 'row'; row: ProbeRow }
  /** The runner is to create `path` (relative to the probed directory) from its side. */
  | { kind: 'wait'; check: ProbeCheck; path: string }
  /** The runner is to lstat `path` from its side and emit row `check`. */
  | { kind: 'hoststat'; check: ProbeCheck; path: string; seen: FileView }
  | ({ kind: 'end' } & ProbeEnd);

export interface ProbeOutput {
  begin: ProbeBegin;
  rows: ProbeRow[];
  end: ProbeEnd;
}

const ERRNO_NAME = /^E[A-Z0-9]+$/;
const PATH_PART = /^(?!\.\.?$)[A-Za-z0-9._-]+$/;
const UINT = /^\d+$/;

/** Where a line came from, for error messages. */
export interface LineSource {
  source: string;
  line: number;
}

/**
 * One line of the probe's stdout (without its newline) as a typed value. Throws a ParseError
 * naming the source, the line number and the line itself when it is not a protocol line.
 */
export function parseProbeLine(text: string, at: LineSource): ProbeLine {
  // Annotated so that a call to it ends control flow (narrowing the checks before it).
  const bad: (what: string) => never = (what) => {
    const shown = text.length > 200 ? `${text.slice(0, 200)}...` : text;
    throw new ParseError(at.source, { line: at.line }, message.probeBadLine(what, shown));
  };
  const fields = text.split('\t');
  const count = (n: number) => {
    if (fields.length !== n) bad(message.probeFieldCount(fields[0], fields.length, n));
  };
  const check = (v: string): ProbeCheck => (isProbeCheck(v) ? v : bad(message.probeUnknownCheck(v)));
  const path = (v: string): string =>
    v.split('/').every((part) => PATH_PART.test(part)) ? v : bad(message.probeBadPath(v));
  const uint = (v: string, what: string): number => (UINT.test(v) ? Number(v) : bad(message.probeNotWhole(what, v)));

  switch (fields[0]) {
    case 'BEGIN': {
      count(5);
      const protocol = uint(fields[1]!, 'protocol');
      if (protocol !== PROBE_PROTOCOL) bad(message.probeProtocol(protocol, PROBE_PROTOCOL));
      return { kind: 'begin', protocol, workdir: path(fields[2]!), kernel: fields[3]!, euid: uint(fields[4]!, 'euid') };
    }
    case 'END': {
      count(4);
      const state = fields[2];
      if (state !== 'clean' && state !== 'leftover') bad(message.probeEndState(state));
      return { kind: 'end', rows: uint(fields[1]!, 'row count'), clean: state === 'clean', detail: fields[3]! };
    }
    case 'WAIT':
      count(3);
      return { kind: 'wait', check: check(fields[1]!), path: path(fields[2]!) };
    case 'HOSTSTAT': {
      count(7);
      const type = fields[3]!;
      if (!isFileType(type)) bad(message.probeFileType(type));
      if (!/^[0-7]{1,6}$/.test(fields[6]!)) bad(message.probeModeNotOctal(fields[6]));
      return {
        kind: 'hoststat',
        check: check(fields[1]!),
        path: path(fields[2]!),
        seen: { type, uid: uint(fields[4]!, 'uid'), gid: uint(fields[5]!, 'gid'), mode: Number.parseInt(fields[6]!, 8) },
      };
    }
    default: {
      count(4);
      const [name, result, errno, detail] = fields as [string, string, string, string];
      if (!isProbeResult(result)) bad(message.probeBadResult(result));
      if (errno !== '' && !ERRNO_NAME.test(errno)) bad(message.probeBadErrno(errno));
      if (errno !== '' && result !== 'fails') bad(message.probeErrnoWithoutFails(errno, result));
      return { kind: 'row', row: { check: check(name), result, errno: errno === '' ? null : errno, detail } };
    }
  }
}

/**
 * A whole transcript of the probe's stdout: BEGIN first, END last with the number of rows it
 * printed, rows between (requests are skipped; their answers are the runner's rows, not in this
 * text). Pure; throws a ParseError naming the line at the first problem.
 */
export function parseProbeOutput(text: string, source = 'semantics-probe output'): ProbeOutput {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  let begin: ProbeBegin | null = null;
  let end: ProbeEnd | null = null;
  const rows: ProbeRow[] = [];
  for (const [i, line] of lines.entries()) {
    const at = { source, line: i + 1 };
    const parsed = parseProbeLine(line, at);
    if (end) throw new ParseError(source, at, message.probeLineAfterEnd(line));
    if (!begin && parsed.kind !== 'begin') throw new ParseError(source, at, message.probeNoBeginFirst(line));
    if (parsed.kind === 'begin') {
      if (begin) throw new ParseError(source, at, message.probeSecondBegin());
      begin = stripKind(parsed);
    } else if (parsed.kind === 'end') {
      end = stripKind(parsed);
    } else if (parsed.kind === 'row') {
      rows.push(parsed.row);
    }
  }
  if (!begin) throw new ParseError(source, {}, message.probeNoOutput());
  if (!end) throw new ParseError(source, { line: lines.length }, message.probeCutOff());
  if (end.rows !== rows.length) throw new ParseError(source, { line: lines.length }, message.probeEndCountCame(end.rows, rows.length));
  return { begin, rows, end };
}

function stripKind<T extends { kind: string }>(line: T): Omit<T, 'kind'> {
  const { kind: _kind, ...rest } = line;
  return rest;
}
