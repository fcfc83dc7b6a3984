import { hasJsonDocumentLine } from './json/locate-json-document.js';
import { withoutBom } from './without-bom.js';

const LEGACY_HEADER = /^[A-Z][A-Z0-9_]*=/;
const LEGACY_RUN = /^Running: fio /m;
const TERSE_LINE = /^[2-5];/m;

/**
 * Which of sharebench's input formats `text` is: a run-fio-test.sh log (`KEY=VALUE` header or
 * `Running: fio` lines; checked first, as it holds terse lines too), fio JSON (a line that is
 * exactly `{`; it wins over terse lines printed next to it), fio terse (a line starting with
 * `2;` to `5;`), or null.
 */
export function detectFormat(rawText: string): 'json' | 'terse' | 'legacy' | null {
  const text = withoutBom(rawText);
  if (LEGACY_HEADER.test(text) || LEGACY_RUN.test(text)) return 'legacy';
  if (hasJsonDocumentLine(text)) return 'json';
  if (TERSE_LINE.test(text)) return 'terse';
  return null;
}
