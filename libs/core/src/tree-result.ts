import { isDevloopOp } from './devloop.js';
import { isTreeOp, type TreeOp } from './enums.js';
import { message } from './messages.js';

/** What a tree operation's stdout holds (written by the guest's init or the host session): the operation, the entries it handled, its wall time. */
export interface TreeResult {
  op: TreeOp;
  /** untar: entries extracted; walk: entries listed; read: files read; delete: entries removed. */
  entries: number;
  elapsed_ms: number;
  /** The tick of the clock that timed it, ms: 0.001 (µs) since tree results carried it; 1 (whole ms) before. */
  tick_ms: number;
}

/** What an operation timed without fio prints (a tree operation; a developer loop, whose devloop.sh writes it to the microsecond). */
export interface OpsResult {
  op: string;
  entries: number;
  elapsed_ms: number;
  /** The tick of the clock that timed it, ms (`tick_ms` in the output, else the kind's default). */
  tick_ms: number;
}

/** The jobs whose result is an OpsResult, what each is called in messages, and its operations. */
const OPS_KINDS = {
  // Tree results without tick_ms were timed in whole milliseconds; devloop.sh always times to the microsecond.
  tree: { noun: 'tree operation', isOp: isTreeOp, example: 'walk|read|...', tickMs: 1 },
  devloop: { noun: 'developer-loop operation', isOp: isDevloopOp, example: 'git-status-cold|...', tickMs: 0.001 },
} as const;

/**
 * An operation's result from its stdout, checked (`{"op", "entries" > 0, "elapsed_ms" > 0}`, an
 * operation of `kind`, and the one asked for when `op` is given), or why it is not one. The one
 * reader of these results for progress lines, adaptive repeats and analysis.
 */
export function parseOpsResult(stdout: string, kind: keyof typeof OPS_KINDS, op?: string): OpsResult | { error: string } {
  const k = OPS_KINDS[kind];
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    parsed = null;
  }
  const r = parsed as Partial<Record<keyof OpsResult, unknown>> | null;
  const valid =
    typeof r === 'object' && r !== null && k.isOp(r.op) && (op === undefined || r.op === op) &&
    Number.isInteger(r.entries) && (r.entries as number) > 0 && typeof r.elapsed_ms === 'number' && r.elapsed_ms > 0;
  const tick = typeof r?.tick_ms === 'number' && r.tick_ms > 0 ? r.tick_ms : k.tickMs;
  if (valid) return { op: r.op as string, entries: r.entries as number, elapsed_ms: r.elapsed_ms as number, tick_ms: tick };
  const what = stdout.trim().slice(0, 120) || 'nothing';
  return { error: message.opsResultInvalid(k.noun, op ?? k.example, what) };
}

/** A tree operation's result (see parseOpsResult). */
export function parseTreeResult(stdout: string, op?: string): TreeResult | { error: string } {
  return parseOpsResult(stdout, 'tree', op) as TreeResult | { error: string };
}

/** Entries per second of a tree or developer-loop result. */
export const treeOpsPerSecond = (r: OpsResult): number => r.entries / (r.elapsed_ms / 1000);
