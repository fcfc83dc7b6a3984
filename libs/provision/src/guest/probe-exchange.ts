import { oneLine } from '@sharebench/core';
import type { ProbeOutput } from '../semantics/parse-probe.js';
import { converseWithProbe, type HostSide } from '../semantics/run-probe.js';
import { encodeProbeReply, encodeProbeRequest } from './protocol.js';
import { collect, nextMessage, type ExchangeChannel, type Next, type StopSignals } from './run-exchange.js';

/**
 * How a probe exchange ended. `result`: the guest ran the probe to its exit; `output` is the
 * transcript when it was whole (else `problem` says what was wrong with it), `sqlite` the WAL
 * check's output. `refused`: the guest would not (no probe, the share gone). `broken`: it could
 * not go on (a stop, the channel closed, a message out of turn).
 */
export type ProbeExchangeEnd =
  | {
      kind: 'result';
      exitCode: number;
      durationMs: number;
      output: ProbeOutput | null;
      problem: string | null;
      stderr: string;
      sqlite: string;
      transcript: string[];
    }
  | { kind: 'refused'; reason: string; transcript: string[] }
  | { kind: 'broken'; what: Next; transcript: string[] };

/**
 * The semantics probe in a guest, host side:
 *
 *   PROBE id args  ->  LINE id <probe line>  (each one; WAIT and HOSTSTAT answered with REPLY id <line>)
 *                  ->  RESULT id exit ms, DATA stderr, DATA sqlite, END id
 *
 * The runner's half of the probe's protocol is converseWithProbe's, on the host's path of the
 * share (`hostDir`): it creates the file the inotify check watches for and lstat()s what the
 * probe asks about there.
 */
export async function probeExchange(
  channel: ExchangeChannel,
  run: { id: string; args: readonly string[]; hostDir: string; hostSide?: HostSide; source: string },
  stop: StopSignals,
): Promise<ProbeExchangeEnd> {
  const transcript: string[] = [];
  // The probe's lines until the guest's RESULT (or whatever ends them): what the runner converses with.
  let ended: Next | null = null;
  const next = async (): Promise<string | null> => {
    const m = await nextMessage(channel, stop);
    if (!('stop' in m) && m.kind === 'line' && m.id === run.id) {
      transcript.push(m.text);
      return m.text;
    }
    ended = m;
    return null;
  };
  async function* lines(): AsyncGenerator<string> {
    for (let line = await next(); line !== null; line = await next()) yield line;
  }
  channel.send(encodeProbeRequest(run.id, run.args));
  let output: ProbeOutput | null = null;
  let problem: string | null = null;
  try {
    output = await converseWithProbe(lines(), (line) => channel.send(encodeProbeReply(run.id, line)), {
      hostDir: run.hostDir,
      hostSide: run.hostSide,
      source: run.source,
    });
  } catch (err) {
    problem = oneLine(err);
  }
  // A transcript the runner gave up on still runs to its end in the guest.
  while (ended === null) await next();
  const end = ended as Next;
  if (!('stop' in end) && end.kind === 'refused' && end.id === run.id) return { kind: 'refused', reason: end.reason, transcript };
  if ('stop' in end || end.kind !== 'result' || end.id !== run.id) return { kind: 'broken', what: end, transcript };
  const rest = await collect(channel, run.id, stop);
  if (!('data' in rest)) return { kind: 'broken', what: rest, transcript };
  return {
    kind: 'result',
    exitCode: end.exitCode,
    durationMs: end.durationMs,
    output: problem === null ? output : null,
    problem,
    stderr: rest.data.get('stderr') ?? '',
    sqlite: rest.data.get('sqlite') ?? '',
    transcript,
  };
}
