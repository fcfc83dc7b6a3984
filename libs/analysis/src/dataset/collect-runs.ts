import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  InputError,
  jobKindOf,
  ninepCacheOf,
  parseSize,
  RunStatus,
  runDir,
  runKey,
  stackOf,
  readRunManifest,
  type DatasetContext,
  type EnvMeta,
  type ImportEntry,
  type RunJob,
  type RunManifest, lastLines } from '@sharebench/core';
import { parseFioOutput, parseLegacyLog, type FioResult, type LegacyLog } from '@sharebench/fio';
import type { RunRow } from '../schema.js';
import { metaRuns } from '../rows/meta-runs.js';
import { recordsToRuns } from '../rows/records-to-runs.js';
import { statusRuns } from '../rows/status-runs.js';
import { treeRuns } from '../rows/tree-runs.js';
import { devloopRuns } from '../rows/devloop-runs.js';
import { message } from '../messages.js';

/** Imported files already parsed (by `sharebench import`, just before), by their file in raw/imports/. */
export type ParsedImports = ReadonlyMap<string, LegacyLog | FioResult>;

/**
 * Every row of the runs table, rebuilt from raw/: imported files in import order, then executed
 * runs in execution order. A planned run with no run.json (the campaign was interrupted before
 * it) is a row too, with status interrupted; one recorded as not needed (adaptive repeats) is none.
 * An import found in `parsed` is not read and parsed again.
 */
export async function collectRuns(dataset: string, ctx: DatasetContext, parsed: ParsedImports = new Map()): Promise<RunRow[]> {
  const envs = new Map(ctx.envs.map((e) => [e.name, e]));
  const rows: RunRow[] = [];
  const repeats = new Map<string, number>();
  for (const entry of ctx.imports) {
    const env = envs.get(entry.env);
    if (!env) {
      throw new InputError(message.importUnknownEnv(join(dataset, 'context.json'), entry.file, entry.env));
    }
    const input = parsed.get(entry.file) ?? parseImport(await readRaw(dataset, entry.file), entry);
    for (const row of importedRows(input, entry, env, ctx.campaign, repeats)) rows.push(row);
  }
  rows.push(...(await executedRows(dataset, ctx, envs)));
  return rows;
}

async function readRaw(dataset: string, file: string): Promise<string> {
  try {
    return await readFile(join(dataset, file), 'utf8');
  } catch (err) {
    throw new InputError(message.rawInputMissing(join(dataset, file), (err as Error).message), { cause: err });
  }
}

function parseImport(text: string, entry: ImportEntry): LegacyLog | FioResult {
  return entry.format === 'legacy' ? parseLegacyLog(text, entry.file) : parseFioOutput(text, entry.file, entry.format);
}

function importedRows(input: LegacyLog | FioResult, entry: ImportEntry, env: EnvMeta, campaign: string, repeats: Map<string, number>): RunRow[] {
  if ('runs' in input) {
    const log = input;
    const h = log.header;
    const size = (v: string | undefined) => {
      try {
        return v ? parseSize(v, 'BLOCKSIZE') : null;
      } catch {
        return null;
      }
    };
    const mount = h['MOUNTPOINT']?.trim() || null;
    return log.runs.flatMap((run) =>
      recordsToRuns(run.result, {
        campaign,
        env,
        repeat: run.loop,
        job: run.job,
        source_file: entry.file,
        stack: { mount },
        blocksize_bytes: size(h['BLOCKSIZE']),
        iodepth: h['IODEPTH'] && /^\d+$/.test(h['IODEPTH']) ? Number(h['IODEPTH']) : null,
      }),
    );
  }
  const result = input;
  const jobsInFile = [...new Set(result.records.map((r) => r.jobname))];
  const repeatOf = new Map<string, number>();
  for (const job of jobsInFile) {
    const key = `${env.name}\u0000${job}`;
    const r = (repeats.get(key) ?? 0) + 1;
    repeats.set(key, r);
    repeatOf.set(job, r);
  }
  return jobsInFile.flatMap((job) =>
    recordsToRuns({ ...result, records: result.records.filter((r) => r.jobname === job) }, {
      campaign,
      env,
      repeat: repeatOf.get(job)!,
      source_file: entry.file,
    }),
  );
}

/**
 * The rows of a dataset's executed runs (raw/runs/), in execution order. `prefix` is put before
 * every source_file: a merged dataset reads its inputs' raw/ where they are (collect-merged.ts).
 * A row's machine and shard are its run.json's, else the context's (the latest run's).
 */
export async function executedRows(dataset: string, ctx: DatasetContext, envs: Map<string, EnvMeta>, prefix = ''): Promise<RunRow[]> {
  const { manifests, unreadable } = await scanRuns(dataset, prefix);
  const where = { host_id: ctx.host_id ?? null, shard: ctx.shard?.index ?? null };
  const plan = ctx.execution?.plan ?? [];
  const planned = new Map(plan.map((p) => [runKey(p.env, p.job.name, p.repeat), p]));
  const done = new Set([...manifests.map((m) => runKey(m.env.name, m.job.name, m.repeat)), ...unreadable.map((u) => u.key)]);
  const rows: Array<{ order: number; rows: RunRow[] }> = [];
  // A run recorded as not needed (adaptive repeats: its cell converged first) has no rows.
  for (const m of manifests) {
    if (m.state !== 'skipped') rows.push({ order: m.order, rows: await manifestRows(dataset, m, ctx.campaign, prefix, where) });
  }
  for (const u of unreadable) {
    // A run.json that cannot be read: the run is failed with why, named from its plan entry (or its directory).
    const p = planned.get(u.key);
    const env = envs.get(u.env);
    if (!env) continue;
    const job: RunJob | null = p?.job ?? null;
    rows.push({
      order: p?.order ?? Number.MAX_SAFE_INTEGER,
      rows: statusRuns(
        { ...(job ? jobContext(job) : { job: u.job }), ...where, campaign: ctx.campaign, env, repeat: u.repeat, source_file: u.file },
        { status: RunStatus.failed, error: message.runJsonUnreadable(u.file, u.why) },
      ),
    });
  }
  const stopped = ctx.execution?.stopped?.reason;
  for (const p of plan) {
    if (done.has(runKey(p.env, p.job.name, p.repeat))) continue;
    const env = envs.get(p.env);
    if (!env) continue;
    rows.push({
      order: p.order,
      rows: statusRuns(
        {
          ...jobContext(p.job),
          ...where,
          campaign: ctx.campaign,
          env,
          repeat: p.repeat,
          source_file: `${prefix}${runDir(p.env, p.job.name, p.repeat)}/run.json`,
        },
        { status: RunStatus.interrupted, error: message.notRun(stopped) },
      ),
    });
  }
  return rows.sort((a, b) => a.order - b.order).flatMap((r) => r.rows);
}

// Block size and queue depth describe I/O jobs only; a metadata or tree job's rows leave them null.
function jobContext(job: RunJob) {
  const kind = jobKindOf(job);
  return {
    job: job.name,
    kind,
    workload: job.workload,
    ioengine: job.ioengine,
    numjobs: job.numjobs,
    blocksize_bytes: kind === 'io' ? job.blocksize_bytes : null,
    iodepth: kind === 'io' ? job.iodepth : null,
  };
}

async function manifestRows(
  dataset: string,
  m: RunManifest,
  campaign: string,
  prefix: string,
  where: { host_id: string | null; shard: number | null },
): Promise<RunRow[]> {
  const dir = runDir(m.env.name, m.job.name, m.repeat);
  const ctx = {
    ...jobContext(m.job),
    campaign,
    env: { name: m.env.name, fs: m.env.fs, cache: effectiveCache(m), dax: m.env.dax, numa: m.env.numa },
    repeat: m.repeat,
    host_id: m.host_id ?? where.host_id,
    boot_id: m.boot_id,
    shard: m.shard ?? where.shard,
    source_file: `${prefix}${dir}/${m.stdout_file ?? 'run.json'}`,
    host: m.host_conditions,
    stack: stackOf(m),
    work_scale: m.work_scale,
  };
  if (m.state !== 'completed' || !m.stdout_file) {
    const status = m.state === 'unsupported' ? RunStatus.unsupported : m.state === 'interrupted' ? RunStatus.interrupted : RunStatus.failed;
    return statusRuns(ctx, { status, error: m.reason ?? m.state });
  }
  let stdout: string;
  try {
    stdout = await readFile(join(dataset, dir, m.stdout_file), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    const error = message.fioOutputMissing(ctx.source_file, code, `${prefix}${dir}`);
    return statusRuns(ctx, { status: RunStatus.failed, error });
  }
  // A tree or developer-loop operation's stdout is its own JSON result, not fio's.
  if (ctx.kind === 'tree') return treeRuns(stdout, ctx);
  if (ctx.kind === 'devloop') return devloopRuns(stdout, ctx);
  let result;
  try {
    result = parseFioOutput(stdout, ctx.source_file, 'json');
  } catch (err) {
    const why = (err as Error).message;
    if (m.exit_code === 0) {
      // fio ended well and its output was written whole (atomically): it was damaged since.
      return statusRuns(ctx, {
        status: RunStatus.failed,
        error: message.fioOutputDamaged(ctx.source_file, why, `${prefix}${dir}`),
      });
    }
    const stderr = m.stderr_file ? await readFile(join(dataset, dir, m.stderr_file), 'utf8').catch(() => '') : '';
    const tail = lastLines(stderr, 2);
    return statusRuns(ctx, {
      status: RunStatus.failed,
      error: message.fioNoResult(m.exit_code, tail, why),
    });
  }
  return ctx.kind === 'meta' ? metaRuns(result, ctx) : recordsToRuns(result, ctx);
}

/** A 9p run's cache mode as its mount line says it (decoded from 6.x's hex), else the env's. */
function effectiveCache(m: RunManifest): EnvMeta['cache'] {
  if (m.env.fs !== '9p' || !m.mount) return m.env.cache;
  const options = m.mount.trim().split(/\s+/)[3]?.split(',') ?? [];
  return ninepCacheOf(options) ?? (options.length > 0 ? 'none' : m.env.cache);
}

/** A run directory whose run.json exists but cannot be read as one. */
interface UnreadableRun {
  key: string;
  env: string;
  job: string;
  repeat: number;
  /** The run.json, relative to the dataset. */
  file: string;
  why: string;
}

/** Every run.json under raw/runs/<env>/<job>/r<N>/, in execution order (unreadable ones left out). */
export async function readManifests(dataset: string): Promise<RunManifest[]> {
  return (await scanRuns(dataset)).manifests;
}

async function scanRuns(dataset: string, prefix = ''): Promise<{ manifests: RunManifest[]; unreadable: UnreadableRun[] }> {
  const root = join(dataset, 'raw', 'runs');
  const manifests: RunManifest[] = [];
  const unreadable: UnreadableRun[] = [];
  for (const env of await list(root)) {
    for (const job of await list(join(root, env))) {
      for (const rep of await list(join(root, env, job))) {
        const repeat = Number(/^r(\d+)$/.exec(rep)?.[1]);
        if (!Number.isInteger(repeat)) continue; // not a run's directory
        const read = await readRunManifest(dataset, env, job, repeat);
        // A run directory without run.json was never finished: it is re-run on resume.
        if (read.found === 'read') manifests.push(read.manifest);
        else if (read.found === 'unreadable') {
          unreadable.push({ key: runKey(env, job, repeat), env, job, repeat, file: `${prefix}${runDir(env, job, repeat)}/run.json`, why: read.why });
        }
      }
    }
  }
  return { manifests: manifests.sort((a, b) => a.order - b.order), unreadable };
}

async function list(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  } catch {
    return [];
  }
}
