import { encodeGo, type GuestMessage } from './protocol.js';

/** The host end of the guest channel as the run exchange uses it (GuestChannel, or a fake in tests). */
export interface ExchangeChannel {
  send(line: string): boolean;
  /** The next message; null once the channel has closed. */
  receive(): Promise<GuestMessage | null>;
}

/** Why waiting on the guest stopped: the run's deadline, the caller's abort, or QEMU/the daemon dying. */
export type Stopped = { stop: 'timeout' } | { stop: 'abort' } | { stop: 'fatal'; reason: string };
export type Next = GuestMessage | Stopped | { kind: 'closed' };

/** The sources a wait can be stopped by; `combined` is AbortSignal.any of the three. */
export interface StopSignals {
  combined: AbortSignal;
  deadline: AbortSignal;
  caller: AbortSignal | undefined;
  /** Aborted (with the reason as a string) when a guest process ends by itself. */
  fatal: AbortSignal;
}

/** Stop signals for one wait: a deadline of `timeoutMs`, the caller's signal and the guest's fatal signal. */
export function stopSignals(timeoutMs: number, caller: AbortSignal | undefined, fatal: AbortSignal): StopSignals {
  const deadline = AbortSignal.timeout(timeoutMs);
  return { combined: AbortSignal.any([deadline, fatal, ...(caller ? [caller] : [])]), deadline, caller, fatal };
}

function stoppedBy(stop: StopSignals): Stopped {
  if (stop.fatal.aborted) return { stop: 'fatal', reason: String(stop.fatal.reason) };
  if (stop.caller?.aborted) return { stop: 'abort' };
  return { stop: 'timeout' };
}

/**
 * The next message from the guest, unless `stop` fires first. (A receive that loses the race
 * keeps its place in the channel's queue: only ever race when the session ends on a stop.)
 */
export async function nextMessage(channel: ExchangeChannel | null, stop: StopSignals): Promise<Next> {
  if (!channel) return { kind: 'closed' };
  if (stop.combined.aborted) return stoppedBy(stop);
  let onAbort: (() => void) | undefined;
  const stopped = new Promise<Next>((resolve) => {
    onAbort = () => resolve(stoppedBy(stop));
    stop.combined.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([channel.receive().then((m): Next => m ?? { kind: 'closed' }), stopped]);
  } finally {
    stop.combined.removeEventListener('abort', onAbort!);
  }
}

/**
 * How a run exchange ended. `prepareFailed`: the untimed preparation (fio's layout, a workdir, a
 * tree's precondition) failed. `broken`: it could not go on (a stop, the channel closed, a
 * message out of turn).
 */
export type ExchangeEnd =
  | { kind: 'result'; exitCode: number; durationMs: number; prepareMs: number; stdout: string; stderr: string }
  | { kind: 'refused'; reason: string }
  | { kind: 'prepareFailed'; exitCode: number; output: string }
  | { kind: 'broken'; what: Next };

/**
 * One run, host side, on the guest's line protocol, for a fio RUN or a TREE operation alike:
 *
 *   RUN id args layout|laidout|none [workdir]   ->  PREPARED id exit ms  (layout, sync, guest caches dropped)
 *   TREE id op                                   ->  PREPARED id exit ms  (tree precondition, sync, caches dropped)
 *   DEVLOOP id op                                ->  PREPARED id exit ms  (devloop.sh prepare, sync, caches dropped)
 *   (host caches dropped: beforeGo)  GO id  ->  RESULT id exit ms, DATA stdout, DATA stderr, END id
 *
 * A REFUSED answer (the share is no longer mounted) or a failed preparation ends it early.
 * `request` is the encoded request line (encodeRunRequest, encodeTreeRequest, encodeDevloopRequest).
 */
export async function runExchange(
  channel: ExchangeChannel,
  run: { id: string; request: string; beforeGo: () => Promise<void> },
  stop: StopSignals,
): Promise<ExchangeEnd> {
  const started = performance.now();
  channel.send(run.request);
  const prepared = await nextMessage(channel, stop);
  if (!('stop' in prepared) && prepared.kind === 'refused' && prepared.id === run.id) return { kind: 'refused', reason: prepared.reason };
  if ('stop' in prepared || prepared.kind !== 'prepared' || prepared.id !== run.id) return { kind: 'broken', what: prepared };
  if (prepared.exitCode !== 0) {
    const output = await collect(channel, run.id, stop);
    if (!('data' in output)) return { kind: 'broken', what: output };
    return { kind: 'prepareFailed', exitCode: prepared.exitCode, output: output.data.get('layout') ?? output.data.get('prepare') ?? '' };
  }
  await run.beforeGo();
  const prepareMs = performance.now() - started;
  channel.send(encodeGo(run.id));
  const result = await nextMessage(channel, stop);
  if ('stop' in result || result.kind !== 'result' || result.id !== run.id) return { kind: 'broken', what: result };
  const rest = await collect(channel, run.id, stop);
  if (!('data' in rest)) return { kind: 'broken', what: rest };
  return {
    kind: 'result',
    exitCode: result.exitCode,
    durationMs: result.durationMs,
    prepareMs,
    stdout: rest.data.get('stdout') ?? '',
    stderr: rest.data.get('stderr') ?? '',
  };
}

/** The DATA blocks up to run `id`'s END, by name; or what stopped the wait. */
export async function collect(channel: ExchangeChannel, id: string, stop: StopSignals): Promise<{ data: Map<string, string> } | Stopped | { kind: 'closed' }> {
  const data = new Map<string, string>();
  for (;;) {
    const m = await nextMessage(channel, stop);
    if ('stop' in m || m.kind === 'closed') return m;
    if (m.kind === 'data') data.set(m.name, m.text);
    else if (m.kind === 'end' && m.id === id) return { data };
  }
}
