import { ParseError } from '@sharebench/core';
import { FioFormat, type FioResult } from '../types.js';
import { lineAt } from '../line-at.js';
import { withoutBom } from '../without-bom.js';
import { message } from '../messages.js';
import type { EntryStats } from '../records/entry-stats.js';
import { foldEntries } from '../records/fold-entries.js';
import { ALL_CLIENTS, clientHostnames } from './client-hostnames.js';
import { jsonEntryStats } from './json-entry-stats.js';
import type { RawDocument, RawJob } from './raw-json.js';
import { readJsonDocument } from './read-json-document.js';

/**
 * Parses fio's JSON or json+ output (fio 3.x) into records, one per job (or reporting group, or
 * set of numjobs clones) and direction. Reads the last document in the text, so `fio: ...` lines
 * before it and `--status-interval` snapshots are skipped; reads `client_stats` in client/server
 * mode (one record per server, plus "All clients"). Throws a ParseError naming `source` and the
 * line when the text holds no complete fio JSON document.
 */
export function parseFioJson(rawText: string, source: string): FioResult {
  const text = withoutBom(rawText);
  const { value, start } = readJsonDocument(text, source);
  const doc = value as RawDocument;
  const jobs = isObject(doc) ? (Array.isArray(doc.jobs) ? doc.jobs : Array.isArray(doc.client_stats) ? doc.client_stats : null) : null;
  if (jobs === null) {
    const found = isObject(doc) ? `keys ${JSON.stringify(Object.keys(doc).slice(0, 8))}` : `a JSON ${Array.isArray(doc) ? 'array' : typeof doc}`;
    throw new ParseError(source, { line: lineAt(text, start) }, message.notFioDocument(found));
  }
  const globalOptions = isObject(doc['global options']) ? doc['global options'] : {};
  const hostnames = jobs === doc.client_stats ? clientHostnames(jobs) : null;
  const stats: EntryStats[] = [];
  let hasBins = false;
  for (let i = 0; i < jobs.length; i++) {
    const job: RawJob = jobs[i]!;
    if (!isObject(job) || typeof job.jobname !== 'string') {
      const found = isObject(job) ? `jobname ${JSON.stringify(job.jobname)}` : JSON.stringify(job);
      throw new ParseError(source, { line: lineAt(text, start) }, message.badJobEntry(i, found));
    }
    const hostname = hostnames?.[i] ?? null;
    // fio's sum over servers has no name or options of its own: it is the same job, summed.
    const sibling = hostname === ALL_CLIENTS ? jobs.find((j, k) => k !== i && isObject(j) && j.groupid === job.groupid && hostnames?.[k] !== ALL_CLIENTS) : undefined;
    const entry = sibling
      ? jsonEntryStats({ ...job, 'job options': sibling['job options'] }, { jobname: String(sibling.jobname), hostname, globalOptions })
      : jsonEntryStats(job, { jobname: job.jobname, hostname, globalOptions });
    hasBins ||= entry.hasBins;
    for (const s of entry.stats) stats.push(s);
  }
  const timestampMs = typeof doc.timestamp_ms === 'number' ? doc.timestamp_ms : typeof doc.timestamp === 'number' ? doc.timestamp * 1000 : null;
  return {
    format: hasBins ? FioFormat.jsonplus : FioFormat.json,
    fioVersion: typeof doc['fio version'] === 'string' ? doc['fio version'] : null,
    timestampMs,
    globalOptions,
    records: foldEntries(stats),
  };
}

function isObject<T>(value: T): value is T & object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
