import type { ChildProcess } from 'node:child_process';

/** What a child process printed so far, and a way to wait for a line (a marker) in it. */
export interface ChildOutput {
  /** Everything read so far from the watched streams, in arrival order. */
  readonly text: string;
  /**
   * Resolves with the first match of `pattern` in the output (at once if it is already there);
   * rejects when the child exits, and its watched streams end, without having printed it.
   */
  waitFor(pattern: RegExp): Promise<RegExpExecArray>;
  /** Resolves once the child has exited and its watched streams have ended. */
  readonly ended: Promise<{ exitCode: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Watches `child`'s stdout and stderr (or the ones named). A marker wait therefore never outlives
 * the child: an early exit fails the test at once, with the exit status and the output's tail,
 * instead of hanging until the test's timeout.
 */
export function outputOf(child: ChildProcess, streams: ReadonlyArray<'stdout' | 'stderr'> = ['stdout', 'stderr']): ChildOutput {
  let text = '';
  const waiters = new Set<() => void>();
  const readables = streams.map((s) => child[s]).filter((s): s is NonNullable<typeof s> => s !== null);
  for (const r of readables) {
    r.on('data', (chunk: Buffer | string) => {
      text += chunk.toString();
      for (const w of [...waiters]) w();
    });
  }
  const exited = new Promise<{ exitCode: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ exitCode: child.exitCode, signal: child.signalCode });
    else child.once('exit', (exitCode, signal) => resolve({ exitCode, signal }));
  });
  const endOf = (r: NodeJS.ReadableStream & { readableEnded: boolean; destroyed: boolean }) =>
    r.readableEnded || r.destroyed ? Promise.resolve() : new Promise<void>((resolve) => (r.once('end', resolve), r.once('close', resolve)));
  const streamsEnded = Promise.all(readables.map(endOf));
  const ended = Promise.all([exited, streamsEnded]).then(([e]) => e);
  return {
    get text() {
      return text;
    },
    ended,
    waitFor(pattern) {
      return new Promise<RegExpExecArray>((resolve, reject) => {
        const check = () => {
          const m = new RegExp(pattern.source, pattern.flags.replace('g', '')).exec(text);
          if (!m) return false;
          waiters.delete(check);
          resolve(m);
          return true;
        };
        if (check()) return;
        waiters.add(check);
        void ended.then(({ exitCode, signal }) => {
          if (!waiters.has(check) || check()) return;
          waiters.delete(check);
          const how = signal ? `was killed by ${signal}` : `exited with code ${exitCode}`;
          reject(new Error(`pid ${child.pid} ${how} before printing ${pattern}; its output ended with:\n${text.slice(-2000)}`));
        });
      });
    },
  };
}
