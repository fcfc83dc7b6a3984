// fio's normal output names each job's rw before it starts (init.c): "name: (g=0): rw=randwrite, bs=...".
const JOB_HEADER = /^(.*): \(g=\d+\): rw=([a-z]+),/;

/**
 * The `rw=` of every job named in fio's normal-output header lines among `lines`, by job name.
 * Terse lines carry no options; these lines, printed beside them (--append-terse, run-fio-test.sh
 * logs), say what a job that failed before moving data meant to do.
 */
export function jobHeaderRw(lines: Iterable<string>): Map<string, string> {
  const rw = new Map<string, string>();
  for (const line of lines) {
    if (!line.includes(': (g=')) continue;
    const m = JOB_HEADER.exec(line);
    if (m && !rw.has(m[1]!)) rw.set(m[1]!, m[2]!);
  }
  return rw;
}
