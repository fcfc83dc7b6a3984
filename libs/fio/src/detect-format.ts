import { ParseError } from '@sharebench/core';
import { hasJsonDocumentLine } from './json/locate-json-document.js';
import { message } from './messages.js';
import { withoutBom } from './without-bom.js';

const LEGACY_HEADER = /^[A-Z][A-Z0-9_]*=/;
const LEGACY_RUN = /^Running: fio /m;
const TERSE_LINE = /^[2-5];/m;
// fio's normal output: a per-job block or a group summary (stat.c), in every version since 2.0.
const NORMAL_OUTPUT = /^(?:.+: \(groupid=\d+, jobs=\d+\): err=|Run status group \d+ \(all jobs\):)/m;
const FIO_VERSION_LINE = /^(fio-\d+\.\d+\S*?)\r?$/m;

/** The kinds of text sharebench tells apart: the three it reads, and fio's normal output, which it refuses. */
export type DetectedFormat = 'json' | 'terse' | 'legacy' | 'normal';

/**
 * Which kind of fio output `text` is: a run-fio-test.sh log (`KEY=VALUE` header or `Running: fio`
 * lines; checked first, as it holds terse lines too), JSON (a line that opens an object: fio's
 * exactly-`{` line, or a re-written document's `{"...`; it wins over terse lines printed next to
 * it), terse (a line starting with `2;` to `5;`), fio's normal human-readable output (a per-job
 * block or a `Run status group` line, and neither of the others), or null.
 */
export function detectFormat(rawText: string): DetectedFormat | null {
  const text = withoutBom(rawText);
  if (LEGACY_HEADER.test(text) || LEGACY_RUN.test(text)) return 'legacy';
  if (hasJsonDocumentLine(text)) return 'json';
  if (TERSE_LINE.test(text)) return 'terse';
  if (NORMAL_OUTPUT.test(text)) return 'normal';
  return null;
}

/** Why fio's normal output is refused, naming the fio version it shows: the error to throw for it. */
export function normalOutputError(text: string, source: string): ParseError {
  return new ParseError(source, { line: 1 }, message.normalOutput(FIO_VERSION_LINE.exec(text)?.[1] ?? null));
}
