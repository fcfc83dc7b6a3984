import type { DevloopOp } from '@sharebench/core';

/** What devloop.sh's run phase prints: the operation, the entries it handled, its wall time (ms, to the microsecond). */
export interface DevloopResult {
  op: DevloopOp;
  entries: number;
  elapsed_ms: number;
}

const last = (text: string) => text.trim().split('\n').slice(-1)[0] ?? '';

/**
 * Why a developer-loop run failed, in the words of the tool that failed (its last line on
 * stderr, e.g. sqlite3's `Error: near line 3: disk I/O error`), or null when it did not.
 */
export function devloopFailure(op: DevloopOp, end: { phase: 'prepare' | 'run'; exitCode: number | null; output: string }): string | null {
  if (end.exitCode === 0) return null;
  const said = last(end.output) || 'no output';
  return end.phase === 'prepare' ? `preparing ${op} failed (exit ${end.exitCode}): ${said}` : `${op} failed (exit ${end.exitCode}): ${said}`;
}
