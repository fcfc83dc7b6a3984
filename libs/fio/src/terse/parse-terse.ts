import { ParseError, type ParseWarning } from '@sharebench/core';
import type { FioResult } from '../types.js';
import { message } from '../messages.js';
import { withoutBom } from '../without-bom.js';
import { jobHeaderRw } from '../normal/job-header-rw.js';
import { parseTerseLine, type TerseLine } from './parse-terse-line.js';
import { terseResult } from './terse-result.js';

const TERSE_LINE = /^[2-5];/;
const NUMBERED_LINE = /^(\d+);/;

/**
 * Parses fio's terse output (v2 to v5): every line starting with `2;` to `5;`, alone or embedded
 * in normal output (--append-terse) or next to JSON; the normal output's job header lines give a
 * failed job's rw. Throws a ParseError naming `source` and the line when there is no terse line,
 * a version is unknown, or a line does not parse.
 */
export function parseFioTerse(rawText: string, source: string): FioResult {
  const text = withoutBom(rawText);
  const terse: Array<{ line: string; n: number }> = [];
  const other: string[] = [];
  let firstNumbered = -1;
  let lineStart = 0;
  for (let n = 1; lineStart <= text.length; n++) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    const line = text.slice(lineStart, text.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd);
    if (TERSE_LINE.test(line)) terse.push({ line, n });
    else {
      other.push(line);
      if (firstNumbered === -1 && NUMBERED_LINE.test(line)) firstNumbered = n;
    }
    lineStart = lineEnd + 1;
  }
  if (terse.length === 0) {
    if (text.trim() === '') throw new ParseError(source, { offset: 0 }, message.emptyInput());
    if (firstNumbered !== -1) {
      const version = NUMBERED_LINE.exec(text.split('\n')[firstNumbered - 1]!)![1]!;
      throw new ParseError(source, { line: firstNumbered }, message.unknownTerseVersion(version));
    }
    throw new ParseError(source, { line: 1 }, message.noTerseLines());
  }
  const rw = jobHeaderRw(other);
  const warnings: ParseWarning[] = [];
  const context = { rwOf: (jobname: string) => rw.get(jobname), warnings };
  const lines: TerseLine[] = terse.map((t) => parseTerseLine(t.line, source, t.n, context));
  return terseResult(lines, warnings);
}
