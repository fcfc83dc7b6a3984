import { describe, expect, it } from 'vitest';
import os from 'node:os';
import { describeErrno, errnoName } from '@sharebench/core';

describe('core/errno', () => {
  it("describes an errno with its name and the C library's wording, as fio prints it", () => {
    expect(describeErrno(28)).toBe('ENOSPC (No space left on device)');
    expect(describeErrno(5)).toBe('EIO (Input/output error)');
    expect(describeErrno(95)).toBe('EOPNOTSUPP (Operation not supported)');
    expect(describeErrno(116)).toBe('ESTALE (Stale file handle)');
    expect(describeErrno(999)).toBe('errno 999');
    expect(errnoName(19)).toBe('ENODEV');
    expect(errnoName(999)).toBeNull();
  });
  it("names each errno with the number this platform's errno.h gives that name", () => {
    const named = Array.from({ length: 200 }, (_, n) => [n, errnoName(n)] as const).filter(([, name]) => name !== null);
    expect(named.length).toBeGreaterThan(30);
    for (const [n, name] of named) expect([name, os.constants.errno[name as keyof typeof os.constants.errno]]).toEqual([name, n]);
  });
});
