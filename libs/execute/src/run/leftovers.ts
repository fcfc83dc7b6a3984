import { descendants, isGone, killTree, processesMatching, waitGone } from '@sharebench/host';
import { message } from '../messages.js';

/** The programs a run starts; only these are ever taken for leftovers. */
const OURS = /^(fio|qemu-system-.*|virtiofsd)$/;

/** fio's argv as sharebench runs it (plan/fio-args.ts): how its fio is told from anyone else's. */
const OUR_FIO_FILES = '--filename_format=sharebench.$jobnum.$filenum';

/**
 * Kills what an earlier sharebench left running in this dataset (it was killed with SIGKILL, so
 * nothing of it cleaned up): fio, QEMU or virtiofsd processes that are not this process's own and
 * whose command line names `owned` (the dataset and its scratch directory, sharebench's alone),
 * or sharebench's fio naming one of `shared` (directories the campaign names, where others may
 * run programs of their own). The caller holds the dataset lock, so no live sharebench works
 * there: a leftover would keep doing I/O beside the next measurement. Resolves once they are
 * gone, with one line per process killed.
 */
export async function killLeftovers(owned: readonly string[], shared: readonly string[]): Promise<string[]> {
  const mine = new Set([process.pid, ...descendants(process.pid)]);
  const names = (dirs: readonly string[]) => {
    const prefixes = dirs.map((p) => p.replace(/\/+$/, ''));
    return (arg: string) => prefixes.some((p) => arg === p || arg.includes(`${p}/`) || arg.endsWith(`=${p}`));
  };
  const inOwned = names(owned);
  const inShared = names(shared);
  const found = processesMatching(
    (p) => OURS.test(p.comm) && !mine.has(p.pid) && (p.argv.some(inOwned) || (p.comm === 'fio' && p.argv.includes(OUR_FIO_FILES) && p.argv.some(inShared))),
  );
  // Only what this call killed is reported: a process that ended by itself meanwhile is no kill.
  const live = found.filter((p) => !isGone(p));
  const signalled = live.flatMap((p) => killTree(p.pid));
  const left = new Set((await waitGone(signalled, 10_000)).map((p) => p.pid));
  return live.map((p) => message.leftoverProcess(p.comm, p.pid, left.has(p.pid), p.argv.join(' ').slice(0, 200)));
}
