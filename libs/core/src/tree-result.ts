import { isTreeOp, type TreeOp } from './enums.js';

/** What a tree operation's stdout holds (written by the guest's init or the host session): the operation, the entries it handled, its wall time. */
export interface TreeResult {
  op: TreeOp;
  /** untar: entries extracted; walk: entries listed; read: files read; delete: entries removed. */
  entries: number;
  elapsed_ms: number;
}

/**
 * A tree operation's result from its stdout, checked (`{"op", "entries" > 0, "elapsed_ms" > 0}`,
 * and the operation asked for when `op` is given), or why it is not one. The one reader of tree
 * results for progress lines, adaptive repeats and analysis.
 */
export function parseTreeResult(stdout: string, op?: string): TreeResult | { error: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    parsed = null;
  }
  const r = parsed as Partial<Record<keyof TreeResult, unknown>> | null;
  const valid =
    typeof r === 'object' && r !== null && isTreeOp(r.op) && (op === undefined || r.op === op) &&
    Number.isInteger(r.entries) && (r.entries as number) > 0 && typeof r.elapsed_ms === 'number' && r.elapsed_ms > 0;
  if (valid) return { op: r.op as TreeOp, entries: r.entries as number, elapsed_ms: r.elapsed_ms as number };
  const what = stdout.trim().slice(0, 120) || 'nothing';
  return { error: `the tree operation's output is not {"op": "${op ?? 'walk|read|...'}", "entries" > 0, "elapsed_ms" > 0}: ${what}` };
}

/** Entries per second of a tree result. */
export const treeOpsPerSecond = (r: TreeResult): number => r.entries / (r.elapsed_ms / 1000);
