/** Where the last JSON document of a fio output lies. */
export type JsonDocumentLocation =
  /** [start, end): from its `{` line to the end of its `}` line. */
  | { kind: 'found'; start: number; end: number }
  /** A `{` line with no `}` line after it: the output was cut short. */
  | { kind: 'unterminated'; start: number }
  | { kind: 'none' };

const LF = 10;
const CR = 13;

/**
 * Finds the last JSON document in fio output without splitting it into lines. fio's printer
 * (json.c) puts the root braces alone in column 0 and indents everything nested, so a document
 * runs from a line that is exactly `{` to the next line that is exactly `}`; text before it
 * (`fio: pid=...` lines), terse lines, normal output after it, and earlier `--status-interval`
 * snapshots are all left out. The last document is the final result.
 */
export function locateLastJsonDocument(text: string): JsonDocumentLocation {
  const open = lastBraceLine(text, '{', text.length - 1);
  if (open === -1) return { kind: 'none' };
  const close = lastBraceLine(text, '}', text.length - 1);
  if (close < open) return { kind: 'unterminated', start: open };
  return { kind: 'found', start: open, end: close + 1 };
}

/** True when `text` has a line that is exactly `{`. */
export function hasJsonDocumentLine(text: string): boolean {
  if (text.charCodeAt(0) === 123 && isAloneOnLine(text, 0)) return true;
  for (let hit = text.indexOf('\n{'); hit !== -1; hit = text.indexOf('\n{', hit + 1)) {
    if (isAloneOnLine(text, hit + 1)) return true;
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

// The character at `i` starts a line; it is alone there if the line ends right after it (LF or CRLF).
function isAloneOnLine(text: string, i: number): boolean {
  if (i + 1 >= text.length) return true;
  const next = text.charCodeAt(i + 1);
  return next === LF || (next === CR && (i + 2 >= text.length || text.charCodeAt(i + 2) === LF));
}
