import { describe, expect, it } from 'vitest';
import { repairJson } from '../../src/json/repair-json.js';

describe('fio/json/repair-json', () => {
  it('escapes raw control characters inside strings only', () => {
    const raw = '{\n  "desc" : "a\tb\nc\u0001",\n  "n" : 1\n}';
    const { text } = repairJson(raw);
    expect(JSON.parse(text)).toEqual({ desc: 'a\tb\nc\u0001', n: 1 });
  });

  it('turns bare nan, -nan, inf and -inf into null, but not inside strings', () => {
    const raw = '{ "a" : nan, "b" : -nan, "c" : inf, "d" : -inf, "e" : [ NaN, 1 ], "s" : "nan inf", "t" : true, "z" : null }';
    expect(JSON.parse(repairJson(raw).text)).toEqual({ a: null, b: null, c: null, d: null, e: [null, 1], s: 'nan inf', t: true, z: null });
  });

  it('keeps escaped quotes and backslashes as they are', () => {
    const raw = '{ "q" : "say \\"hi\\"\tnow\\\\", "r" : 2 }';
    expect(JSON.parse(repairJson(raw).text)).toEqual({ q: 'say "hi"\tnow\\', r: 2 });
  });

  it('maps offsets in the repaired text back to the original', () => {
    const raw = '{ "a" : "x\ty", "b" : nan, "c" : ? }';
    const repaired = repairJson(raw);
    const bad = repaired.text.indexOf('?');
    expect(repaired.toOriginal(bad)).toBe(raw.indexOf('?'));
    expect(repairJson('{}').text).toBe('{}');
  });
});
