import { descendants, processesMatching, type ProcessInfo } from '../src/index.js';

/** Live processes named `comm` (exactly, or matching) whose command line names `text` (a dataset, a directory). */
export function processesNaming(comm: string | RegExp, text: string): ProcessInfo[] {
  const named = typeof comm === 'string' ? (c: string) => c === comm : (c: string) => comm.test(c);
  return processesMatching((p) => named(p.comm) && p.argv.some((a) => a.includes(text)));
}

/** Live descendants of this process whose command name matches `comm`. */
export function ourProcesses(comm: RegExp): ProcessInfo[] {
  const mine = new Set(descendants(process.pid));
  return processesMatching((p) => mine.has(p.pid) && comm.test(p.comm));
}
