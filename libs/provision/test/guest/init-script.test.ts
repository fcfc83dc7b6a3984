import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TREE_OPS } from '@sharebench/core';
import { INIT_CONSTANTS, initScript, initScriptPath, substituteConstants } from '../../src/guest/init-script.js';
import { treeCommand, type TreePaths } from '../../src/tree/tree-commands.js';
import { SQLITE_WAL_SQL } from '../../src/semantics/semantics-run.js';

describe('guest/init-script', () => {
  it('writes each @NAME@ constant in, and refuses unknown, unused and unsafe constants', () => {
    expect(substituteConstants('MNT=@MNT@\ncd @MNT@ && ls @DIR@\n', { MNT: '/mnt/share', DIR: 'a.b' })).toBe('MNT=/mnt/share\ncd /mnt/share && ls a.b\n');
    expect(() => substituteConstants('x=@NOPE@', { MNT: '/m' })).toThrow('@NOPE@ is not a known constant (known: MNT)');
    expect(() => substituteConstants('x=@MNT@', { MNT: '/m', DIR: 'd' })).toThrow('constant(s) DIR never used');
    expect(() => substituteConstants('x=@MNT@', { MNT: '/m; rm -rf /' })).toThrow('is not a plain shell word');
    // An e-mail address or a lower-case word in at-signs is not a constant.
    expect(substituteConstants('me@example.org @lower@', {})).toBe('me@example.org @lower@');
  });

  it('gives the image a script with every constant written in', () => {
    const script = initScript();
    expect(script.startsWith('#!/bin/sh\n')).toBe(true);
    expect(script).not.toMatch(/@[A-Z][A-Z0-9_]*@/);
    for (const value of Object.values(INIT_CONSTANTS)) expect(script).toContain(value);
  });

  it('times the same tree commands as tree-commands.ts, with the paths as the script\'s variables', () => {
    // treeCommand is the one definition; the host session runs it as an argv, init.sh as written here.
    const paths: TreePaths = { busybox: '/bin/busybox', dir: '"$MNT"', tree: '"$TREE"', tar: '"$TREE_TAR"' };
    const text = readFileSync(initScriptPath(), 'utf8');
    for (const op of TREE_OPS) {
      const line = text.split('\n').find((l) => l.trimStart().startsWith(`${op}) /bin/busybox`));
      expect(line, `the timed ${op} in init.sh`).toBeDefined();
      expect(line!.trim()).toMatch(new RegExp(`^${op}\\) ${escape(treeCommand(op, paths).join(' '))}( [>].*)? ;;$`));
    }
  });
});

describe('guest/init-script (the WAL check)', () => {
  it('runs the same SQL as the host env\'s WAL check', () => {
    expect(readFileSync(initScriptPath(), 'utf8')).toContain(`sqlite3 -bail "$db" '${SQLITE_WAL_SQL}' 2>&1`);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
