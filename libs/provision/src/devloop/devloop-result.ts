import { lastLines, type DevloopOp } from '@sharebench/core';
import { message } from '../messages.js';

/**
 * Why a developer-loop run failed, in the words of the tool that failed (its last line on
 * stderr, e.g. sqlite3's `Error: near line 3: disk I/O error`), or null when it did not.
 */
export function devloopFailure(op: DevloopOp, end: { phase: 'prepare' | 'run'; exitCode: number | null; output: string }): string | null {
  if (end.exitCode === 0) return null;
  const said = lastLines(end.output) || 'no output';
  return end.phase === 'prepare' ? message.devloopPrepareFailed(op, end.exitCode, said) : message.devloopFailed(op, end.exitCode, said);
}
