import { describe, expect, it } from 'vitest';
import { ParseError } from '@sharebench/core';
import { parseTerseLine } from '../../src/terse/parse-terse-line.js';
import { fixture } from '../fixture.js';

describe('fio/terse/parse-terse-line', () => {
  it('tells unified mixed from normal by where the CPU fields start, not by field count', () => {
    // The v3 `both` line has 171 fields, like a normal v4 line with one disk.
    const both = fixture('fio-3.33/unified-both-mixed.txt').split('\n')[0]!;
    expect(both.split(';')).toHaveLength(171);
    const parsed = parseTerseLine(both, 'both', 1);
    expect(parsed.version).toBe(3);
    expect(parsed.stats.map((s) => s.direction)).toEqual(['read', 'write', 'mixed']);
    const v4 = fixture('fio-3.33/terse-v4.txt').trim();
    expect(v4.split(';')).toHaveLength(171);
    expect(parseTerseLine(v4, 'v4', 1).stats.map((s) => s.direction)).toEqual(['read']);
  });

  it('throws a ParseError carrying source and line', () => {
    let caught: unknown;
    try {
      parseTerseLine('4;fio-3.33;x;zero;0', 'logs/run.txt', 42);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ParseError);
    expect(caught).toMatchObject({ source: 'logs/run.txt', line: 42 });
    expect((caught as Error).message).toMatch(/^logs\/run\.txt:line 42: terse v4 field 4 \(groupid\) is "zero", expected an integer/);
  });

  it('reads a mixed v5 line: one 47-field block, then CPU', () => {
    const v5 = fixture('fio-3.33/terse-v5.txt').trim().split(';');
    // Drop the write and trim blocks (fields 53-146) to make the shape of a v5 mixed line.
    const mixed = [...v5.slice(0, 52), ...v5.slice(146)];
    const parsed = parseTerseLine(mixed.join(';'), 'v5-mixed', 1);
    expect(parsed.stats.map((s) => [s.direction, s.measured?.io_bytes, s.measured?.runtime_ms])).toEqual([['mixed', 8192 * 1024, 217]]);
  });
});
