import { ParseError } from '@sharebench/core';
import { lineAt } from '../line-at.js';
import { message } from '../messages.js';
import { locateLastJsonDocument } from './locate-json-document.js';
import { repairJson } from './repair-json.js';

/** The parsed last JSON document of a fio output, and where it starts. */
export interface JsonDocument {
  value: unknown;
  /** Character offset of its `{` line in the text. */
  start: number;
}

/**
 * Reads the last JSON document of fio output: one JSON.parse on its slice, and only when that
 * fails a repair (raw control characters, bare nan/inf) and a second parse. Text that is exactly
 * one document is parsed whole, without looking for line boundaries first. Throws a ParseError
 * naming the line when there is no document, it is cut short, or it is not JSON even repaired.
 */
export function readJsonDocument(text: string, source: string): JsonDocument {
  if (text.charCodeAt(0) === 123) {
    try {
      return { value: JSON.parse(text), start: 0 };
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
    return { value: JSON.parse(slice), start: where.start };
  } catch {
    const repaired = repairJson(slice);
    try {
      return { value: JSON.parse(repaired.text), start: where.start };
    } catch (err) {
      const detail = (err as Error).message;
      const position = /position (\d+)/.exec(detail);
      const offset = position ? repaired.toOriginal(Number(position[1])) : slice.length;
      const line = lineAt(text, where.start + offset);
      throw new ParseError(source, { line }, message.invalidJson(lineAt(text, where.start), detail), { cause: err });
    }
  }
}
