import { ParseError, type ParseWarning } from '@sharebench/core';
import { FioFormat, type LegacyLog, type LegacyRun } from '../types.js';
import { message } from '../messages.js';
import { withoutBom } from '../without-bom.js';
import { jobHeaderRw } from '../normal/job-header-rw.js';
import { parseTerseLine } from '../terse/parse-terse-line.js';
import { terseResult } from '../terse/terse-result.js';
import { countJobs } from './count-jobs.js';
import { failedLegacyResult } from './failed-legacy-result.js';
import { parseLegacyHeader } from './parse-legacy-header.js';

const RUNNING = 'Running: ';
const TERSE_LINE = /^[2-5];/;
const HEADER_LINE = /^[A-Z][A-Z0-9_]*=/;
const SPACE = 32;
const TAB = 9;
const CR = 13;

interface Block {
  line: number;
  command: string;
  terse: Array<{ text: string; line: number }>;
  /** fio's other unindented lines: job headers, `fio:` messages, its version, per-job block heads. */
  lines: string[];
}

/**
 * Parses a log of the seed's run-fio-test.sh: the `KEY=VALUE` header, then for every job file and
 * loop a `Running: fio ... <job file>` line, fio's normal output and its terse v3 line(s). Each
 * block becomes a run: the job from the job file's name, its 1-based loop, and a FioResult from
 * its terse lines (several without group_reporting, folded), or a failed result when fio printed
 * none. A failed job's directions come from the block's `rw=` header line or the job's name.
 * Record `numjobs` comes from the normal output's `jobs=N`, which terse does not carry. Throws a
 * ParseError naming `source` and the line when there is no run or a terse line does not parse.
 */
export function parseLegacyLog(rawText: string, source: string): LegacyLog {
  const text = withoutBom(rawText);
  const head: string[] = [];
  const blocks: Block[] = [];
  let inHeader = true;
  let n = 0;
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    n++;
    const first = text.charCodeAt(start);
    // fio's normal output indents everything but the lines read here; most of a log is skipped unread.
    if (inHeader || (first !== SPACE && first !== TAB && end > start)) {
      const line = text.slice(start, text.charCodeAt(end - 1) === CR ? end - 1 : end);
      if (inHeader) {
        if (HEADER_LINE.test(line)) head.push(line);
        else inHeader = false;
      }
      if (!inHeader) {
        if (line.startsWith(RUNNING)) blocks.push({ line: n, command: line.slice(RUNNING.length), terse: [], lines: [] });
        else if (blocks.length > 0) {
          const block = blocks[blocks.length - 1]!;
          if (TERSE_LINE.test(line)) block.terse.push({ text: line, line: n });
          else block.lines.push(line);
        }
      }
    }
    start = end + 1;
  }
  const { header } = parseLegacyHeader(head);
  if (blocks.length === 0) {
    if (text.trim() === '') throw new ParseError(source, { offset: 0 }, message.emptyInput());
    throw new ParseError(source, { line: text.endsWith('\n') ? n + 1 : n }, message.noLegacyRuns());
  }
  const loops = new Map<string, number>();
  const warnings: ParseWarning[] = [];
  const runs: LegacyRun[] = blocks.map((block) => {
    const jobFile = jobFileOf(block.command);
    const loop = (loops.get(jobFile) ?? 0) + 1;
    loops.set(jobFile, loop);
    const job = jobFile.slice(jobFile.lastIndexOf('/') + 1).replace(/\.[^.]*$/, '');
    const rw = jobHeaderRw(block.lines);
    let result;
    if (block.terse.length > 0) {
      const runWarnings: ParseWarning[] = [];
      // Terse names the job as fio does; a nameless or unknown one falls back to the job file's rw.
      const context = { rwOf: (jobname: string) => rw.get(jobname) ?? rw.get(job), warnings: runWarnings };
      result = terseResult(block.terse.map((t) => parseTerseLine(t.text, source, t.line, context)), runWarnings, FioFormat.legacy);
    } else {
      result = failedLegacyResult({ job, lines: block.lines, rw, source, line: block.line });
    }
    for (const w of result.warnings) warnings.push(w);
    const jobs = countJobs(block.lines);
    for (const record of result.records) record.numjobs = Math.max(record.numjobs, jobs.get(`${record.jobname}\u0000${record.groupid}`) ?? 0);
    return { jobFile, job, loop, command: block.command, line: block.line, result };
  });
  return { header, runs, warnings };
}

// run-fio-test.sh passes the job file last; prefer a word that looks like one.
function jobFileOf(command: string): string {
  const words = command.trim().split(/\s+/);
  for (let i = words.length - 1; i >= 0; i--) if (/\.(job|fio|ini)$/.test(words[i]!)) return words[i]!;
  return words[words.length - 1] ?? '';
}
