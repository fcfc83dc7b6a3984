import { describe, expect, it } from 'vitest';
import { hasJsonDocumentLine, locateLastJsonDocument } from '../../src/json/locate-json-document.js';

describe('fio/json/locate-json-document', () => {
  it('finds the last document of several, skipping text around them', () => {
    const text = 'fio: pid=1\n{\n  "a" : {\n  }\n}\n{\n  "b" : 2\n}\nRun status group 0\n';
    const at = locateLastJsonDocument(text);
    expect(at.kind).toBe('found');
    if (at.kind === 'found') expect(text.slice(at.start, at.end)).toBe('{\n  "b" : 2\n}');
  });

  it('accepts CRLF line ends and a document at the very start or end', () => {
    const text = '{\r\n  "a" : 1\r\n}';
    expect(locateLastJsonDocument(text)).toEqual({ kind: 'found', start: 0, end: text.length });
  });

  it('ignores braces that do not open an object at the start of a line', () => {
    expect(locateLastJsonDocument('x { "a" : 1 }\n  {\n  }\n{x\n')).toEqual({ kind: 'none' });
    expect(hasJsonDocumentLine('x {\n{x\n')).toBe(false);
    expect(hasJsonDocumentLine('x\n{\n')).toBe(true);
  });

  it('finds a document another tool re-wrote: compact (jq -c), one per line (JSON Lines), braces inside strings', () => {
    const compact = 'note\n{"a":{"b":"}{"},"c":[1,{"d":2}]}\ntrailer\n';
    const at = locateLastJsonDocument(compact);
    expect(at.kind === 'found' && compact.slice(at.start, at.end)).toBe('{"a":{"b":"}{"},"c":[1,{"d":2}]}');
    const lines = '{"n": 1}\n{"n": 2}\n';
    const last = locateLastJsonDocument(lines);
    expect(last.kind === 'found' && lines.slice(last.start, last.end)).toBe('{"n": 2}');
    expect(hasJsonDocumentLine('text\n{"fio version": "fio-3.33"}')).toBe(true);
  });

  it('reports a compact document cut short as unterminated', () => {
    expect(locateLastJsonDocument('{"a":1}\n{"b":{"c":"}"}')).toEqual({ kind: 'unterminated', start: 8 });
  });

  it('reports a document with no closing line as unterminated', () => {
    expect(locateLastJsonDocument('{\n "a" : 1\n}\n{\n "b" :')).toEqual({ kind: 'unterminated', start: 13 });
  });
});
