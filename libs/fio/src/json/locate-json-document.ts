/** Where the last JSON document of a fio output lies. */
export type JsonDocumentLocation =
  /** [start, end): from its opening `{` to just after its closing `}`. */
  | { kind: 'found'; start: number; end: number }
  /** An opening `{` with no matching `}` after it: the output was cut short. */
  | { kind: 'unterminated'; start: number }
  | { kind: 'none' };

const LF = 10;
const CR = 13;
const QUOTE = 34;
const BACKSLASH = 92;
const OPEN = 123;
const CLOSE = 125;

/**
 * Finds the last JSON document in fio output. fio's printer (json.c) puts the root braces alone
 * in column 0 and indents everything nested, so its document runs from a line that is exactly `{`
 * to the next line that is exactly `}`: found with two searches, without splitting lines. Text
 * before it (`fio: pid=...` lines), terse lines, normal output after it, and earlier
 * `--status-interval` snapshots are all left out; the last document is the final result.
 * A document another tool re-wrote (`jq -c`, Python's json.dump, JSON Lines) has its root `{`
 * at the start of a line but not alone; the last such line is the start, and the end is found by
 * matching braces outside strings.
 */
export function locateLastJsonDocument(text: string): JsonDocumentLocation {
  const open = lastBraceLine(text, '{', text.length - 1);
  if (open !== -1) {
    const close = lastBraceLine(text, '}', text.length - 1);
    if (close > open) return { kind: 'found', start: open, end: close + 1 };
  }
  const start = lastLineStartingWithBrace(text);
  if (start === -1) return { kind: 'none' };
  const end = matchingBrace(text, start);
  return end === -1 ? { kind: 'unterminated', start } : { kind: 'found', start, end: end + 1 };
}

/** True when `text` has a line that opens a JSON object: exactly `{`, or `{` followed by `"`, `}` or a space (re-written JSON). */
export function hasJsonDocumentLine(text: string): boolean {
  if (opensObject(text, 0)) return true;
  for (let hit = text.indexOf('\n{'); hit !== -1; hit = text.indexOf('\n{', hit + 1)) {
    if (opensObject(text, hit + 1)) return true;
  }
  return false;
}

/** Index of the last line at or before `from` that is exactly `brace`, or -1. */
function lastBraceLine(text: string, brace: '{' | '}', from: number): number {
  const needle = `\n${brace}`;
  let searchFrom = from - 1;
  while (searchFrom >= 0) {
    const hit = text.lastIndexOf(needle, searchFrom);
    if (hit === -1) break;
    if (isAloneOnLine(text, hit + 1)) return hit + 1;
    searchFrom = hit - 1;
  }
  return text[0] === brace && isAloneOnLine(text, 0) ? 0 : -1;
}

/** Index of the `{` of the last line that opens a JSON object, or -1. */
function lastLineStartingWithBrace(text: string): number {
  for (let hit = text.lastIndexOf('\n{'); hit !== -1; hit = hit === 0 ? -1 : text.lastIndexOf('\n{', hit - 1)) {
    if (opensObject(text, hit + 1)) return hit + 1;
  }
  return opensObject(text, 0) ? 0 : -1;
}

/** Index of the `}` that closes the object opened at `start`, skipping braces inside strings; -1 if none. */
function matchingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN) depth++;
    else if (c === CLOSE && --depth === 0) return i;
  }
  return -1;
}

// The `{` at `i` (which starts a line) opens an object: end of line, a key, `}` or whitespace follow.
function opensObject(text: string, i: number): boolean {
  if (text.charCodeAt(i) !== OPEN) return false;
  if (i + 1 >= text.length) return true;
  const next = text.charCodeAt(i + 1);
  return next === LF || next === CR || next === QUOTE || next === CLOSE || next === 32 || next === 9;
}

// The character at `i` starts a line; it is alone there if the line ends right after it (LF or CRLF).
function isAloneOnLine(text: string, i: number): boolean {
  if (i + 1 >= text.length) return true;
  const next = text.charCodeAt(i + 1);
  return next === LF || (next === CR && (i + 2 >= text.length || text.charCodeAt(i + 2) === LF));
}
