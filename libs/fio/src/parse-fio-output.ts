import { ParseError } from '@sharebench/core';
import type { FioResult } from './types.js';
import { detectFormat, normalOutputError } from './detect-format.js';
import { parseFioJson } from './json/parse-json.js';
import { message } from './messages.js';
import { parseFioTerse } from './terse/parse-terse.js';
import { withoutBom } from './without-bom.js';

/**
 * Parses one fio output file into records. `format` 'auto' (the default) reads JSON when the text
 * has a JSON document (it wins over terse lines printed beside it), else terse lines. The result's
 * format is 'json+' when any latency histogram (`bins`) is present. Throws a ParseError naming
 * `source` and the line or offset when the text is not fio output in that format; a legacy
 * run-fio-test.sh log is refused with a pointer to parseLegacyLog, and fio's normal output with
 * a pointer to the formats that carry exact numbers.
 */
export function parseFioOutput(rawText: string, source: string, format: 'auto' | 'json' | 'terse' = 'auto'): FioResult {
  const text = withoutBom(rawText);
  if (format === 'json') return parseFioJson(text, source);
  if (format === 'terse') return parseFioTerse(text, source);
  // JSON first: fio's output usually starts with its document, so the common case costs no scan.
  if (text.charCodeAt(0) === 123) return parseFioJson(text, source);
  const detected = detectFormat(text);
  if (detected === 'legacy') throw new ParseError(source, { line: 1 }, message.legacyGiven());
  if (detected === 'terse') return parseFioTerse(text, source);
  if (detected === 'json') return parseFioJson(text, source);
  if (detected === 'normal') throw normalOutputError(text, source);
  if (text.trim() === '') throw new ParseError(source, { offset: 0 }, message.emptyInput());
  // A numbered line may be terse of an unknown version: let the terse parser say so.
  if (/^\d+;/m.test(text)) return parseFioTerse(text, source);
  throw new ParseError(source, { line: 1 }, message.noFioOutput());
}
