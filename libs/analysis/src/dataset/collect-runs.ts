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
  upgradeRunManifest,
  type DatasetContext,
  type EnvMeta,
  type ImportEntry,
  type RunJob,
  type RunManifest,
} from '@sharebench/core';
import { parseFioOutput, parseLegacyLog } from '@sharebench/fio';
import type { RunRow } from '../schema.js';
import { metaRuns } from '../ops/meta-runs.js';
import { recordsToRuns } from '../ops/records-to-runs.js';
import { statusRuns } from '../ops/status-runs.js';
import { treeRuns } from '../ops/tree-runs.js';

/**
 * Every row of the runs table, rebuilt from raw/: imported files in import order, then executed
 * runs in execution order. A planned run with no run.json (the campaign was interrupted before
 * it) is a row too, with status interrupted.
 */
export async function collectRuns(dataset: string, ctx: DatasetContext): Promise<RunRow[]> {
  const envs = new Map(ctx.envs.map((e) => [e.name, e]));
  const rows: RunRow[] = [];
  const repeats = new Map<string, number>();
  for (const entry of ctx.imports) {
    const env = envs.get(entry.env);
    if (!env) throw new InputError(`${join(dataset, 'context.json')}: import ${entry.file} names env ${JSON.stringify(entry.env)}, which is not in envs; re-import it`);
    const text = await readRaw(dataset, entry.file);
    rows.push(...importedRows(text, entry, env, ctx.campaign, repeats));
  }
  rows.push(...(await executedRows(dataset, ctx, envs)));
  return rows;
}

async function readRaw(dataset: string, file: string): Promise<string> {
  try {
    return await readFile(join(dataset, file), 'utf8');
  } catch (err) {
    throw new InputError(`${join(dataset, file)}: raw input is missing or unreadable (${(err as Error).message}); re-import it`, { cause: err });
  }
}

function importedRows(text: string, entry: ImportEntry, env: EnvMeta, campaign: string, repeats: Map<string, number>): RunRow[] {
  if (entry.format === 'legacy') {
    const log = parseLegacyLog(text, entry.file);
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
        mount,
        blocksize_bytes: size(h['BLOCKSIZE']),
        iodepth: h['IODEPTH'] && /^\d+$/.test(h['IODEPTH']) ? Number(h['IODEPTH']) : null,
      }),
    );
  }
  const result = parseFioOutput(text, entry.file, entry.format);
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

async function executedRows(dataset: string, ctx: DatasetContext, envs: Map<string, EnvMeta>): Promise<RunRow[]> {
  const manifests = await readManifests(dataset);
  const plan = ctx.execution?.plan ?? [];
  const done = new Set(manifests.map((m) => runKey(m.env.name, m.job.name, m.repeat)));
  const rows: Array<{ order: number; rows: RunRow[] }> = [];
  for (const m of manifests) rows.push({ order: m.order, rows: await manifestRows(dataset, m, ctx.campaign) });
  for (const p of plan) {
    if (done.has(runKey(p.env, p.job.name, p.repeat))) continue;
    const env = envs.get(p.env);
    if (!env) continue;
    rows.push({
      order: p.order,
      rows: statusRuns(
        { ...jobContext(p.job), campaign: ctx.campaign, env, repeat: p.repeat, source_file: `${runDir(p.env, p.job.name, p.repeat)}/run.json` },
        { status: RunStatus.interrupted, error: 'not run: the campaign stopped before this run' },
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

async function manifestRows(dataset: string, m: RunManifest, campaign: string): Promise<RunRow[]> {
  const dir = runDir(m.env.name, m.job.name, m.repeat);
  const ctx = {
    ...jobContext(m.job),
    campaign,
    env: { name: m.env.name, fs: m.env.fs, cache: effectiveCache(m), dax: m.env.dax, numa: m.env.numa },
    repeat: m.repeat,
    source_file: `${dir}/${m.stdout_file ?? 'run.json'}`,
    mount: m.mount,
    accel: m.accel,
    fio_version: m.fio_version,
    stack: { daemon: m.daemon, daemon_version: m.daemon_version, qemu_version: m.qemu_version, guest_kernel: m.guest_kernel, direct_ignored: m.direct_ignored },
  };
  if (m.state !== 'completed' || !m.stdout_file) {
    const status = m.state === 'unsupported' ? RunStatus.unsupported : m.state === 'interrupted' ? RunStatus.interrupted : RunStatus.failed;
    return statusRuns(ctx, { status, error: m.reason ?? m.state });
  }
  const stdout = await readRaw(dataset, `${dir}/${m.stdout_file}`);
  // A tree operation's stdout is its own JSON result, not fio's.
  if (ctx.kind === 'tree') return treeRuns(stdout, ctx);
  let result;
  try {
    result = parseFioOutput(stdout, ctx.source_file, 'json');
  } catch (err) {
    const stderr = m.stderr_file ? await readRaw(dataset, `${dir}/${m.stderr_file}`).catch(() => '') : '';
    const tail = stderr.trim().split('\n').slice(-2).join(' ').trim();
    return statusRuns(ctx, {
      status: RunStatus.failed,
      error: `fio exited ${m.exit_code} without a result${tail ? `: ${tail}` : ''} (${(err as Error).message})`,
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

/** Every run.json under raw/runs/<env>/<job>/r<N>/, in execution order. */
export async function readManifests(dataset: string): Promise<RunManifest[]> {
  const root = join(dataset, 'raw', 'runs');
  const out: RunManifest[] = [];
  for (const env of await list(root)) {
    for (const job of await list(join(root, env))) {
      for (const rep of await list(join(root, env, job))) {
        const path = join(root, env, job, rep, 'run.json');
        let text: string;
        try {
          text = await readFile(path, 'utf8');
        } catch {
          continue; // a run directory without run.json was never finished: it is re-run on resume
        }
        try {
          out.push(upgradeRunManifest(JSON.parse(text)));
        } catch (err) {
          throw new InputError(`${path}: not valid JSON (${(err as Error).message}); delete that run directory to re-run it`, { cause: err });
        }
      }
    }
  }
  return out.sort((a, b) => a.order - b.order);
}

async function list(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  } catch {
    return [];
  }
}
