import { ParseError, type ParseWarning } from '@sharebench/core';
import { lineAt } from '../line-at.js';
import { message, warning } from '../messages.js';
import { locateLastJsonDocument } from './locate-json-document.js';
import { repairJson } from './repair-json.js';

/** The parsed last JSON document of a fio output, where it starts, and the non-numbers read as null. */
export interface JsonDocument {
  value: unknown;
  /** Character offset of its opening `{` in the text. */
  start: number;
  warnings: ParseWarning[];
}

/**
 * Reads the last JSON document of fio output: one JSON.parse on its slice, and only when that
 * fails a repair (raw control characters, bare nan/inf, each nan/inf a warning) and a second
 * parse. Text that is exactly one document is parsed whole, without looking for line boundaries
 * first. Throws a ParseError naming the line when there is no document, it is cut short, or it
 * is not JSON even repaired.
 */
export function readJsonDocument(text: string, source: string): JsonDocument {
  if (text.charCodeAt(0) === 123) {
    try {
      return { value: JSON.parse(text), start: 0, warnings: [] };
    } catch {
      // several documents, text around it, or characters that need repair: the slow path below
    }
  }
  const where = locateLastJsonDocument(text);
  if (where.kind === 'none') {
    if (text.trim() === '') throw new ParseError(source, { offset: 0 }, message.emptyInput());
    throw new ParseError(source, { line: lineAt(text, text.length) }, message.noJsonDocument());
  }
  if (where.kind === 'unterminated') {
    const startLine = lineAt(text, where.start);
    throw new ParseError(source, { line: lineAt(text, text.length) }, message.unterminatedJson(startLine));
  }
  const slice = text.slice(where.start, where.end);
  try {
    return { value: JSON.parse(slice), start: where.start, warnings: [] };
  } catch {
    const repaired = repairJson(slice);
    try {
      const value = JSON.parse(repaired.text);
      const warnings = repaired.nonNumbers.map(({ offset, token }): ParseWarning => ({
        file: source,
        line: lineAt(text, where.start + offset),
        field: keyBefore(slice, offset),
        value: token,
        message: warning.nonNumber(),
      }));
      return { value, start: where.start, warnings };
    } catch (err) {
      const detail = (err as Error).message;
      const position = /position (\d+)/.exec(detail);
      const offset = position ? repaired.toOriginal(Number(position[1])) : slice.length;
      const line = lineAt(text, where.start + offset);
      throw new ParseError(source, { line }, message.invalidJson(lineAt(text, where.start), detail), { cause: err });
    }
  }
}

// The key a value at `offset` belongs to, as `"mean"`; fio never escapes keys. Array elements have none.
function keyBefore(text: string, offset: number): string {
  const m = /"([^"]*)"\s*:\s*$/.exec(text.slice(Math.max(0, offset - 200), offset));
  return m ? `"${m[1]}"` : 'an array element';
}
