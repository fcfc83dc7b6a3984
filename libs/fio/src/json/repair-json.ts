/** Repaired JSON text, and a map from its offsets back to the original's (for error positions). */
export interface RepairedJson {
  text: string;
  toOriginal(offset: number): number;
  /** Each bare nan/inf read as null: its offset in the original text and the token as printed. */
  nonNumbers: Array<{ offset: number; token: string }>;
}

interface Edit {
  outStart: number;
  outEnd: number;
  inStart: number;
  inEnd: number;
}

const QUOTE = 34;
const BACKSLASH = 92;
// '-', '+', 'n', 'N', 'i', 'I'
const MAY_START_NON_FINITE = new Set([45, 43, 110, 78, 105, 73]);

/**
 * Makes fio's JSON acceptable to JSON.parse in one pass. fio's printer (json.c) escapes only `"`
 * and `\` inside strings, so a tab or newline in a job name, description or file name is written
 * raw; those are escaped. A float division by zero would print a bare `nan`, `-nan` or `inf`;
 * outside strings those become null. Everything else is copied unchanged.
 */
export function repairJson(text: string): RepairedJson {
  const parts: string[] = [];
  const edits: Edit[] = [];
  let copiedTo = 0;
  let outLength = 0;
  const replace = (start: number, length: number, replacement: string): void => {
    parts.push(text.slice(copiedTo, start));
    outLength += start - copiedTo;
    edits.push({ outStart: outLength, outEnd: outLength + replacement.length, inStart: start, inEnd: start + length });
    parts.push(replacement);
    outLength += replacement.length;
    copiedTo = start + length;
  };
  const nonNumbers: RepairedJson['nonNumbers'] = [];
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
      else if (c < 0x20) replace(i, 1, `\\u${c.toString(16).padStart(4, '0')}`);
      continue;
    }
    if (c === QUOTE) {
      inString = true;
      continue;
    }
    const length = MAY_START_NON_FINITE.has(c) ? nonFiniteLength(text, i) : 0;
    if (length > 0) {
      nonNumbers.push({ offset: i, token: text.slice(i, i + length) });
      replace(i, length, 'null');
      i += length - 1;
    }
  }
  if (edits.length === 0) return { text, toOriginal: (offset) => offset, nonNumbers };
  parts.push(text.slice(copiedTo));
  return { text: parts.join(''), toOriginal: (offset) => toOriginal(edits, offset), nonNumbers };
}

// Length of a bare nan/inf/infinity token (with an optional sign) starting at `i`, or 0.
function nonFiniteLength(text: string, i: number): number {
  let j = i;
  const first = text[j];
  if (first === '-' || first === '+') j++;
  const word = /^(?:nan|infinity|inf)(?![A-Za-z0-9_])/i.exec(text.slice(j, j + 9));
  if (!word) return 0;
  return j - i + word[0].length;
}

function toOriginal(edits: Edit[], offset: number): number {
  let shift = 0;
  for (const e of edits) {
    if (offset < e.outStart) break;
    if (offset < e.outEnd) return e.inStart;
    shift = e.outEnd - e.inEnd;
  }
  return offset - shift;
}
