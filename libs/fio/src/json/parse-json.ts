import { ParseError } from '@sharebench/core';
import { FioFormat, type FioResult } from '../types.js';
import { lineAt } from '../line-at.js';
import { withoutBom } from '../without-bom.js';
import { message, warning } from '../messages.js';
import type { EntryStats } from '../records/entry-stats.js';
import { foldEntries } from '../records/fold-entries.js';
import { ALL_CLIENTS, clientHostnames } from './client-hostnames.js';
import { globalOptionsOf } from './global-options.js';
import { jsonEntryStats } from './json-entry-stats.js';
import { fioRelease } from './json-units.js';
import type { RawDocument, RawJob } from './raw-json.js';
import { readJsonDocument } from './read-json-document.js';

// fio keeps a job's name in a 128-byte buffer (FIO_JOBNAME_SIZE): "jobname" holds at most 127 characters.
const JOBNAME_MAX = 127;
// Printed before the results when SIGINT/SIGTERM stopped the run (backend.c).
const SIGNAL_MESSAGE = 'fio: terminating on signal ';

/**
 * Parses fio's JSON or json+ output, fio 2.0 to 3.x, into records, one per job (or reporting
 * group, or set of numjobs clones) and direction, in base units whatever the version (see
 * jsonUnits). Reads the last document in the text, so `fio: ...` lines before it and
 * `--status-interval` snapshots are skipped, and a document re-written by another tool (compact
 * or re-indented) is read too; reads `client_stats` in client/server mode (one record per
 * server, plus "All clients"). A job name fio cut at 127 characters is restored from its `name`
 * option. Throws a ParseError naming `source` and the line when the text holds no complete fio
 * JSON document.
 */
export function parseFioJson(rawText: string, source: string): FioResult {
  const text = withoutBom(rawText);
  const { value, start, warnings } = readJsonDocument(text, source);
  const doc = value as RawDocument;
  const jobs = isObject(doc) ? (Array.isArray(doc.jobs) ? doc.jobs : Array.isArray(doc.client_stats) ? doc.client_stats : null) : null;
  if (jobs === null) {
    const found = isObject(doc) ? `keys ${JSON.stringify(Object.keys(doc).slice(0, 8))}` : `a JSON ${Array.isArray(doc) ? 'array' : typeof doc}`;
    throw new ParseError(source, { line: lineAt(text, start) }, message.notFioDocument(found));
  }
  const fioVersion = typeof doc['fio version'] === 'string' ? doc['fio version'] : null;
  const release = fioRelease(fioVersion);
  const hostnames = jobs === doc.client_stats ? clientHostnames(jobs) : null;
  const stats: EntryStats[] = [];
  const line = lineAt(text, start);
  const warned = new Set<string>();
  let hasBins = false;
  for (let i = 0; i < jobs.length; i++) {
    const job: RawJob = jobs[i]!;
    if (!isObject(job) || typeof job.jobname !== 'string') {
      const found = isObject(job) ? `jobname ${JSON.stringify(job.jobname)}` : JSON.stringify(job);
      throw new ParseError(source, { line }, message.badJobEntry(i, found));
    }
    const hostname = hostnames?.[i] ?? null;
    // fio's sum over servers has no name or options of its own: it is the same job, summed.
    const sibling =
      hostname === ALL_CLIENTS ? jobs.find((j, k) => k !== i && isObject(j) && j.groupid === job.groupid && hostnames?.[k] !== ALL_CLIENTS) : undefined;
    const named = sibling ? { ...job, 'job options': sibling['job options'] } : job;
    const context = { jobname: fullJobname(sibling ?? job), hostname, globalOptions: globalOptionsOf(doc['global options'], sibling ?? job), release };
    const entry = jsonEntryStats(named, context);
    hasBins ||= entry.hasBins;
    if (entry.directionUnknown && !warned.has(context.jobname)) {
      warned.add(context.jobname);
      const errno = Number(job.error);
      const text = warning.directionUnknown(context.jobname, errno, entry.stats.map((s) => s.direction));
      warnings.push({ file: source, line, field: `job ${JSON.stringify(context.jobname)} "error"`, value: String(errno), message: text });
    }
    for (const s of entry.stats) stats.push(s);
  }
  const signalAt = text.lastIndexOf(SIGNAL_MESSAGE, start);
  if (signalAt !== -1) {
    const signal = /^fio: terminating on signal (\d+)/.exec(text.slice(signalAt, signalAt + 40))?.[1] ?? '?';
    const value = `${SIGNAL_MESSAGE}${signal}`;
    warnings.push({ file: source, line: lineAt(text, signalAt), field: 'fio message', value, message: warning.terminatedBySignal(signal) });
  }
  const timestampMs = typeof doc.timestamp_ms === 'number' ? doc.timestamp_ms : typeof doc.timestamp === 'number' ? doc.timestamp * 1000 : null;
  return {
    format: hasBins ? FioFormat.jsonplus : FioFormat.json,
    fioVersion,
    timestampMs,
    globalOptions: globalOptionsOf(doc['global options'], null),
    records: foldEntries(stats),
    warnings,
  };
}

// fio writes "jobname" from a 128-byte buffer but prints the job's options as given: a name cut
// at 127 characters is the start of the `name` option, which holds it whole.
function fullJobname(job: RawJob): string {
  const jobname = job.jobname as string;
  const name = job['job options']?.['name'];
  return jobname.length === JOBNAME_MAX && typeof name === 'string' && name.length > JOBNAME_MAX && name.startsWith(jobname) ? name : jobname;
}

function isObject<T>(value: T): value is T & object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
