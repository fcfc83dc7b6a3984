/**
 * Last-resort cleanup when this Node process ends while guests still run: on exit, and on SIGINT
 * or SIGTERM, every registered task runs (synchronously: nothing async runs after those). Callers
 * still clean up properly on their own paths; this catches the paths they never reach.
 */
const tasks = new Set<() => void>();
let installed = false;

/** Registers `task`; returns the function that unregisters it. */
export function onAbruptExit(task: () => void): () => void {
  tasks.add(task);
  install();
  return () => {
    tasks.delete(task);
    if (tasks.size === 0) uninstall();
  };
}

function runAll(): void {
  for (const task of [...tasks]) {
    try {
      task();
    } catch {
      // Best effort: one failing task must not keep the others from running.
    }
  }
  tasks.clear();
}

function onSignal(sig: NodeJS.Signals): void {
  runAll();
  uninstall();
  // Without other listeners Node would have died of this signal: keep that behaviour.
  if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
}

const onSigint = () => onSignal('SIGINT');
const onSigterm = () => onSignal('SIGTERM');

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', runAll);
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
}

function uninstall(): void {
  if (!installed) return;
  installed = false;
  process.off('exit', runAll);
  process.off('SIGINT', onSigint);
  process.off('SIGTERM', onSigterm);
}
