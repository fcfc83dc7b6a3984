import type { RawGlobalOptions, RawJob } from './raw-json.js';

const SERVER_KEYS = new Set(['hostname', 'port']);

/**
 * The global options that apply to `job`. Locally fio prints one object. In client/server mode
 * (fio 3.x) it prints an array, one object per server tagged with the server's hostname and port:
 * the job gets its own server's, without the tags. With `job` null (the document's own), or no
 * server matching, the first server's.
 */
export function globalOptionsOf(raw: RawGlobalOptions | undefined, job: RawJob | null): Readonly<Record<string, string>> {
  if (typeof raw !== 'object' || raw === null) return {};
  if (!Array.isArray(raw)) return raw;
  const mine = raw.find((o) => job !== null && o['hostname'] === job.hostname && o['port'] === job.port) ?? raw[0];
  if (typeof mine !== 'object' || mine === null) return {};
  const options: Record<string, string> = {};
  for (const key in mine) if (!SERVER_KEYS.has(key)) options[key] = String(mine[key]);
  return options;
}
