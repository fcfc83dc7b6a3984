import type { RawJob } from './raw-json.js';

/** fio's name for the sum of all clients in client/server mode, as jobname and as our hostname. */
export const ALL_CLIENTS = 'All clients';

/**
 * The hostname of each job entry: null locally; in client/server mode the server's hostname, or
 * "All clients" for fio's sum over servers. Two servers may share a hostname on different ports
 * (several fio servers on one machine); their entries would then fold into one record, so those
 * hostnames get their port: "127.0.0.1:8765".
 */
export function clientHostnames(jobs: readonly RawJob[]): Array<string | null> {
  const ports = new Map<string, Set<unknown>>();
  for (const job of jobs) {
    if (typeof job.hostname !== 'string' || isAllClients(job)) continue;
    const seen = ports.get(job.hostname) ?? new Set();
    seen.add(job.port);
    ports.set(job.hostname, seen);
  }
  return jobs.map((job) => {
    if (typeof job.hostname !== 'string') return null;
    if (isAllClients(job)) return ALL_CLIENTS;
    return ports.get(job.hostname)!.size > 1 && typeof job.port === 'number' ? `${job.hostname}:${job.port}` : job.hostname;
  });
}

// fio appends the sum as a job named "All clients" without job options (client.c).
function isAllClients(job: RawJob): boolean {
  return job.jobname === ALL_CLIENTS && job['job options'] === undefined;
}
