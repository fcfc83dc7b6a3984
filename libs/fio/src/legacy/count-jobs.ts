const JOB_BLOCK = /^(.+): \(groupid=(\d+), jobs=(\d+)\): err=/;

/**
 * How many jobs ran behind each job name and group in a block of fio's normal output, keyed by
 * `jobname \0 groupid`: the sum of `jobs=N` over its per-job blocks (one block of N jobs under
 * group_reporting, N blocks of 1 without). Terse lines do not carry this.
 */
export function countJobs(lines: readonly string[]): Map<string, number> {
  const jobs = new Map<string, number>();
  for (const line of lines) {
    if (!line.includes('(groupid=')) continue;
    const m = JOB_BLOCK.exec(line);
    if (!m) continue;
    const key = `${m[1]}\u0000${m[2]}`;
    jobs.set(key, (jobs.get(key) ?? 0) + Number(m[3]));
  }
  return jobs;
}
