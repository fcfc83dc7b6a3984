import { describe, expect, it } from 'vitest';
import { encodeRunRequest, encodeTreeRequest, GuestMessageReader, type GuestMessage } from '../../src/guest/protocol.js';
import { runExchange, stopSignals, type ExchangeChannel } from '../../src/guest/run-exchange.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

/** A channel that answers each host line with what the guest init would print (as protocol text). */
function fakeGuest(answer: (line: string) => string[]): ExchangeChannel & { sent: string[]; close(): void } {
  const reader = new GuestMessageReader();
  const queue: GuestMessage[] = [];
  const waiters: Array<(m: GuestMessage | null) => void> = [];
  let closed = false;
  const deliver = (m: GuestMessage) => (waiters.length > 0 ? waiters.shift()!(m) : queue.push(m));
  const sent: string[] = [];
  return {
    sent,
    send(line) {
      sent.push(line);
      setImmediate(() => answer(line).forEach((text) => reader.push(`${text}\n`).forEach(deliver)));
      return true;
    },
    receive() {
      const m = queue.shift();
      if (m) return Promise.resolve(m);
      if (closed) return Promise.resolve(null);
      return new Promise((resolve) => waiters.push(resolve));
    },
    close() {
      closed = true;
      waiters.splice(0).forEach((w) => w(null));
    },
  };
}

const never = new AbortController().signal;
const run = (id: string, beforeGo = async () => {}) => ({ id, request: encodeRunRequest(id, ['--name=x', '--rw=read']), beforeGo });

describe('guest/run-exchange', () => {
  it('lays out, lets the host drop its caches, then runs and collects stdout and stderr', async () => {
    const order: string[] = [];
    const guest = fakeGuest((line) => {
      order.push(line.split(' ')[0]!);
      if (line.startsWith('RUN 1 ')) return ['SB PREPARED 1 0 12'];
      if (line === 'GO 1\n') {
        return [
          'SB RESULT 1 0 1034',
          'SB DATA stdout',
          b64('{"jobs": []}'),
          'SB ENDDATA stdout',
          'SB DATA stderr',
          b64('warn'),
          'SB ENDDATA stderr',
          'SB END 1',
        ];
      }
      return [];
    });
    const end = await runExchange(guest, run('1', async () => void order.push('drop')), stopSignals(5000, undefined, never));
    expect(end).toMatchObject({ kind: 'result', exitCode: 0, durationMs: 1034, stdout: '{"jobs": []}', stderr: 'warn' });
    expect(order).toEqual(['RUN', 'drop', 'GO']);
    // The arguments travel NUL-separated in one base64 token, never through a shell.
    expect(Buffer.from(guest.sent[0]!.split(' ')[2]!, 'base64').toString()).toBe('--name=x\0--rw=read\0');
  });

  it('ends early on a refusal and on a failed layout, with what the guest said', async () => {
    const refusing = fakeGuest((line) => (line.startsWith('RUN') ? [`SB REFUSED 2 ${b64('the share is no longer mounted')}`] : []));
    expect(await runExchange(refusing, run('2'), stopSignals(5000, undefined, never))).toEqual({ kind: 'refused', reason: 'the share is no longer mounted' });
    const noSpace = fakeGuest((line) =>
      line.startsWith('RUN') ? ['SB PREPARED 3 1 5', 'SB DATA layout', b64('fio: ENOSPC'), 'SB ENDDATA layout', 'SB END 3'] : [],
    );
    expect(await runExchange(noSpace, run('3'), stopSignals(5000, undefined, never))).toEqual({ kind: 'prepareFailed', exitCode: 1, output: 'fio: ENOSPC' });
    expect(noSpace.sent.some((l) => l.startsWith('GO'))).toBe(false);
  });

  it('runs a tree operation with the same framing, and reports a failed tree precondition with its output', async () => {
    const result = '{"op":"walk","entries":16,"elapsed_ms":12}\n';
    const guest = fakeGuest((line) => {
      if (line === 'TREE 11 walk\n') return ['SB PREPARED 11 0 250'];
      if (line !== 'GO 11\n') return [];
      return ['SB RESULT 11 0 12', 'SB DATA stdout', b64(result), 'SB ENDDATA stdout', 'SB DATA stderr', 'SB ENDDATA stderr', 'SB END 11'];
    });
    const tree = { id: '11', request: encodeTreeRequest('11', 'walk'), beforeGo: async () => {} };
    expect(await runExchange(guest, tree, stopSignals(5000, undefined, never))).toMatchObject({ kind: 'result', exitCode: 0, durationMs: 12, stdout: result });
    const broken = fakeGuest((line) =>
      line.startsWith('TREE') ? ['SB PREPARED 12 1 30', 'SB DATA prepare', b64('tar: short read'), 'SB ENDDATA prepare', 'SB END 12'] : [],
    );
    const untar = { id: '12', request: encodeTreeRequest('12', 'untar'), beforeGo: async () => {} };
    expect(await runExchange(broken, untar, stopSignals(5000, undefined, never))).toEqual({ kind: 'prepareFailed', exitCode: 1, output: 'tar: short read' });
  });

  it('stops at the deadline, on the caller\'s abort, and when a guest process dies, saying which', async () => {
    const silent = () => fakeGuest(() => []);
    expect(await runExchange(silent(), run('4'), stopSignals(50, undefined, never))).toEqual({ kind: 'broken', what: { stop: 'timeout' } });
    // The abort and the guest's death come once the guest has the request; no deadline competes.
    const caller = new AbortController();
    const aborting = fakeGuest(() => (caller.abort(), []));
    expect(await runExchange(aborting, run('5'), stopSignals(600_000, caller.signal, never))).toEqual({ kind: 'broken', what: { stop: 'abort' } });
    const fatal = new AbortController();
    const dying = fakeGuest(() => (fatal.abort('QEMU exited unexpectedly (killed by SIGKILL)'), []));
    expect(await runExchange(dying, run('6'), stopSignals(600_000, undefined, fatal.signal))).toEqual({
      kind: 'broken',
      what: { stop: 'fatal', reason: 'QEMU exited unexpectedly (killed by SIGKILL)' },
    });
  });

  it('treats a closed channel and an answer out of turn as broken', async () => {
    const closing = fakeGuest(() => (setImmediate(() => closing.close()), []));
    expect(await runExchange(closing, run('7'), stopSignals(600_000, undefined, never))).toEqual({ kind: 'broken', what: { kind: 'closed' } });
    const confused = fakeGuest((line) => (line.startsWith('RUN') ? ['SB RESULT 8 0 1'] : []));
    expect(await runExchange(confused, run('8'), stopSignals(5000, undefined, never))).toMatchObject({ kind: 'broken', what: { kind: 'result' } });
  });
});
