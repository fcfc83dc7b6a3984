import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

export interface UntilOptions {
  /** Stop waiting (reject) when this process exits before the condition holds. */
  while?: ChildProcess;
  /** How often the condition is looked at, ms (default 20). Not a deadline: the test's timeout is. */
  pollMs?: number;
}

/**
 * Resolves with the condition's first truthy value: for states only the machine shows (a process
 * in /proc, a directory appearing). Rejects when `options.while` exits before that.
 */
export async function until<T>(what: string, condition: () => T | Promise<T>, options: UntilOptions = {}): Promise<NonNullable<T>> {
  const child = options.while;
  for (;;) {
    const exitedBefore = child !== undefined && (child.exitCode !== null || child.signalCode !== null);
    const value = await condition();
    if (value) return value as NonNullable<T>;
    if (exitedBefore) throw new Error(`pid ${child!.pid} exited (${child!.signalCode ?? `code ${child!.exitCode}`}) before ${what}`);
    await sleep(options.pollMs ?? 20);
  }
}
