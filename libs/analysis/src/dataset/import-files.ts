import { createHash } from 'node:crypto';
import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import {
  assertSafeName,
  CONTEXT_SCHEMA,
  DATASET_LOCK_FILE,
  hostProvenance,
  InputError,
  isSafeName,
  readContext,
  writeContext,
  writeFileAtomic,
  type DatasetContext,
  type EnvMeta,
  type ImportedEnvInfo,
  type ImportEntry,
  type ParseWarning,
} from '@sharebench/core';
import { detectFormat, normalOutputError, parseFioOutput, parseLegacyLog, type FioFormat, type FioResult, type LegacyLog } from '@sharebench/fio';
import { envMetaFromLegacy } from '../rows/env-meta-from-legacy.js';
import { envMetaFromName } from '../rows/env-meta-from-name.js';
import { analyzeDataset } from './analyze.js';
import type { Tables } from './write-results.js';
import { message } from '../messages.js';

export const IMPORT_FORMATS = ['auto', 'json', 'terse', 'legacy'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export interface ImportOptions {
  out: string;
  format?: ImportFormat;
  /** Env name for every input; default: a legacy log's TEST_NAME, else the file name. */
  env?: string;
  /** Extra comparisons, `candidate:baseline`. */
  pairs?: Array<{ candidate: string; baseline: string }>;
  tool: { version: string; git_commit: string | null };
}

interface Prepared {
  path: string;
  bytes: Buffer;
  sha256: string;
  format: ImportEntry['format'];
  /** The format as parsed: json, json+, terse or legacy. */
  parsed: FioFormat;
  fioVersion: string | null;
  meta: EnvMeta;
  /** What the input says about where it ran, kept beside the env (a legacy log's header). */
  imported: ImportedEnvInfo;
  warnings: ParseWarning[];
  /** The parse, handed to the analysis so that it does not parse the file again. */
  input: LegacyLog | FioResult;
}

/** What happened to one input file. */
export interface ImportedFile {
  path: string;
  /** Its entry in context.json. */
  entry: ImportEntry;
  /** The same bytes were already imported for the same env: nothing was added. */
  skipped: boolean;
  env: string;
  format: FioFormat;
  fio_version: string | null;
  /** Rows it gives the runs table. */
  runs: number;
  warnings: ParseWarning[];
}

/**
 * `sharebench import`: validates and parses every input first, and only then copies them into
 * raw/imports/, records them in context.json (with their fio version and parse warnings) and
 * recomputes results/. A bad input stops the import before anything is written.
 */
export async function importFiles(
  paths: readonly string[],
  options: ImportOptions,
): Promise<{ tables: Tables; imported: ImportEntry[]; files: ImportedFile[] }> {
  if (paths.length === 0) throw new InputError(message.noImportFiles());
  const format = options.format ?? 'auto';
  if (!(IMPORT_FORMATS as readonly string[]).includes(format)) {
    throw new InputError(message.unknownFormat(format, IMPORT_FORMATS));
  }
  if (options.env !== undefined) assertSafeName(options.env, '--env');
  // Read all at once (the disk works while nothing waits), parse in order (the first bad file is the one reported).
  const reads = await Promise.all(paths.map((path) => readFile(path).then((bytes) => ({ bytes }), (err: NodeJS.ErrnoException) => ({ err }))));
  const prepared: Prepared[] = paths.map((path, i) => prepare(path, reads[i]!, format, options.env));
  const ctx = await openOrCreate(options.out, options.tool);
  for (const p of options.pairs ?? []) {
    assertSafeName(p.candidate, '--pair');
    assertSafeName(p.baseline, '--pair');
    if (!ctx.pairs.some((q) => q.candidate === p.candidate && q.baseline === p.baseline)) ctx.pairs.push(p);
  }
  const imported: ImportEntry[] = [];
  const entries: Array<{ entry: ImportEntry; skipped: boolean }> = [];
  const parsed = new Map<string, LegacyLog | FioResult>();
  const writes: Array<Promise<void>> = [];
  for (const p of prepared) {
    const existing = ctx.imports.find((e) => e.sha256 === p.sha256 && e.env === p.meta.name);
    if (existing) {
      entries.push({ entry: existing, skipped: true });
      continue;
    }
    const file = await freeName(options.out, ctx, basename(p.path));
    writes.push(writeFileAtomic(join(options.out, file), p.bytes));
    const entry: ImportEntry = {
      file,
      original: resolve(p.path),
      format: p.format,
      env: p.meta.name,
      sha256: p.sha256,
      imported_at: new Date().toISOString(),
      fio_version: p.fioVersion,
      warnings: p.warnings.map((w) => ({ ...w, file })),
    };
    ctx.imports.push(entry);
    parsed.set(file, p.input);
    imported.push(entry);
    entries.push({ entry, skipped: false });
    if (!ctx.envs.some((e) => e.name === p.meta.name)) ctx.envs.push({ ...p.meta, session: null, imported: p.imported });
  }
  await Promise.all(writes);
  ctx.updated_at = new Date().toISOString();
  await writeContext(options.out, ctx);
  const tables = await analyzeDataset(options.out, parsed);
  const rowsOf = new Map<string, number>();
  for (const r of tables.runs) rowsOf.set(r.source_file, (rowsOf.get(r.source_file) ?? 0) + 1);
  const files = prepared.map((p, i): ImportedFile => {
    const { entry, skipped } = entries[i]!;
    const runs = rowsOf.get(entry.file) ?? 0;
    return { path: p.path, entry, skipped, env: p.meta.name, format: p.parsed, fio_version: p.fioVersion, runs, warnings: p.warnings };
  });
  return { tables, imported, files };
}

function prepare(path: string, read: { bytes: Buffer } | { err: NodeJS.ErrnoException }, format: ImportFormat, envOverride: string | undefined): Prepared {
  if ('err' in read) {
    throw new InputError(message.cannotReadInput(path, read.err.code ?? read.err.message), { cause: read.err });
  }
  const { bytes } = read;
  const text = bytes.toString('utf8');
  if (text.trim() === '') throw new InputError(message.emptyInput(path));
  const detected = format === 'auto' ? detectFormat(text) : format;
  const common = { path, bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
  if (!detected) {
    throw new InputError(message.notFioOutput(path));
  }
  if (detected === 'normal') throw normalOutputError(text, path);
  if (detected === 'legacy') {
    const log = parseLegacyLog(text, path);
    const env = envOverride ?? log.header['TEST_NAME']?.trim();
    if (!isSafeName(env)) {
      throw new InputError(message.testNameUnsafe(path, env ?? ''));
    }
    const legacy = envMetaFromLegacy(log.header, env);
    // SYSTEMINFO is `uname -a` where fio ran (the guest): its third field is the kernel release.
    const uname = log.header['SYSTEMINFO']?.trim();
    const { JOB_FILES: _jobFiles, ...header } = log.header;
    const mountLine = text.split('\n', 50).findIndex((l) => l.startsWith('MOUNTPOINT=')) + 1;
    const conflicts = legacy.conflicts.map((c): ParseWarning => ({ file: path, line: mountLine, ...c }));
    return {
      ...common,
      format: 'legacy',
      parsed: 'legacy',
      fioVersion: log.runs.find((r) => r.result.fioVersion !== null)?.result.fioVersion ?? null,
      meta: legacy.meta,
      imported: { kernel: uname?.split(/\s+/)[2] ?? null, legacy_header: header, msize: legacy.msize, dax_window_bytes: legacy.dax_window_bytes },
      warnings: [...conflicts, ...log.warnings],
      input: log,
    };
  }
  const result = parseFioOutput(text, path, detected);
  const env = envOverride ?? basename(path).replace(/\.(json|out|txt|terse|log)$/i, '');
  if (!isSafeName(env)) {
    throw new InputError(message.fileNameUnsafe(path, env));
  }
  return {
    ...common,
    format: detected,
    parsed: result.format,
    fioVersion: result.fioVersion,
    meta: envMetaFromName(env),
    imported: { kernel: null, legacy_header: null },
    warnings: result.warnings,
    input: result,
  };
}

async function openOrCreate(out: string, tool: ImportOptions['tool']): Promise<DatasetContext> {
  const exists = await stat(out).then(
    (s) => s,
    () => null,
  );
  if (exists && !exists.isDirectory()) throw new InputError(message.outNotDirectory(out));
  // The dataset lock (`sharebench import` takes it first) does not make a directory a dataset.
  if (exists && (await readdir(out)).some((name) => name !== DATASET_LOCK_FILE)) {
    const ctx = await readContext(out);
    if (ctx.merge) throw new InputError(message.importIntoMerged(out));
    return ctx;
  }
  const now = new Date().toISOString();
  const campaign = basename(resolve(out));
  if (!isSafeName(campaign)) assertSafeName(campaign, message.outNamesCampaign());
  return { schema: CONTEXT_SCHEMA, campaign, created_at: now, updated_at: now, sharebench: tool, host: hostProvenance(), envs: [], imports: [], pairs: [] };
}

async function freeName(out: string, ctx: DatasetContext, name: string): Promise<string> {
  const safe = name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');
  const taken = new Set(ctx.imports.map((e) => e.file));
  let candidate = `raw/imports/${safe}`;
  for (let i = 2; taken.has(candidate) || (await stat(join(out, candidate)).then(() => true, () => false)); i++) {
    candidate = `raw/imports/${safe.replace(/(\.[^.]*)?$/, `-${i}$1`)}`;
  }
  return candidate;
}
