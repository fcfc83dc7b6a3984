import { ParseError, type Direction, type ParseWarning } from '@sharebench/core';
import { message, warning } from '../messages.js';
import type { ClatPercentiles, EntryStats, MeanSample, Measured } from '../records/entry-stats.js';
import { failedDirections } from '../records/failed-directions.js';
import { BLOCK_FIELD_NAMES, TAIL_FIELDS, TERSE_LAYOUTS, type TerseLayout } from './terse-layout.js';

/** One terse line: its version, the fio version it names (none in v2), and its per-direction stats. */
export interface TerseLine {
  version: 2 | 3 | 4 | 5;
  fioVersion: string | null;
  stats: EntryStats[];
}

/** What a terse line's surroundings tell about it, and where its warnings go. */
export interface TerseLineContext {
  /** The `rw=` of a job, from fio's normal-output header line printed beside the terse line. */
  rwOf?: (jobname: string) => string | undefined;
  warnings?: ParseWarning[];
}

const INT = /^\d+$/;
const FLOAT = /^-?\d+(?:\.\d+)?$/;
const PERCENT = /^\d+(?:\.\d+)?%$/;
const PERCENTILE = /^\d+(?:\.\d+)?%=\d+$/;
// What C's printf writes for NaN and infinity: fio prints `-nan%` in latency buckets of a direction
// that moved no data (the seed's failed mmap runs have 162 of them).
const NON_NUMBER = /^[-+]?(?:nan|inf|infinity)%?$/i;

/**
 * Parses one terse line (v2 to v5) into per-direction stats in base units: KiB -> bytes,
 * us -> ns. Fields are read by position from the start of the line, by version; unified mixed
 * reporting is recognized by where the CPU fields (the first field after a block ending in `%`)
 * begin. A float or percentage printed as nan or inf is read as null with a warning; every other
 * field is checked for its type, so a line shifted by a `;` in the job name, or cut short, throws
 * a ParseError naming `source`, `lineNumber` and the field expected. A failed job is reported in
 * the directions `failedDirections` finds from its name and `context.rwOf`.
 */
export function parseTerseLine(line: string, source: string, lineNumber: number, context: TerseLineContext = {}): TerseLine {
  const fields = line.split(';');
  const layout = TERSE_LAYOUTS[fields[0] as keyof typeof TERSE_LAYOUTS];
  if (!layout) throw new ParseError(source, { line: lineNumber }, message.unknownTerseVersion(fields[0]!));
  const warnings = context.warnings ?? [];
  const read = fieldReader(fields, layout, source, lineNumber, warnings);
  const h = layout.headerFields;
  const B = layout.blockFields;
  const fioVersion = layout.version === 2 ? null : read.matching(1, 'fio version', /^fio-/, 'the fio version, e.g. "fio-3.33"');
  const groupid = read.int(h - 2, 'groupid');
  const errno = read.int(h - 1, 'error');
  let jobname = fields[h - 3]!;
  if (jobname === '') {
    jobname = `unnamed-g${groupid}`;
    const field = `terse v${layout.version} field ${h - 2} (jobname)`;
    warnings.push({ file: source, line: lineNumber, field, value: '', message: warning.emptyJobname(groupid) });
  }

  const blocks: Measured[] = [];
  const maxBlocks = Math.max(...layout.blocks.keys());
  for (;;) {
    read.need(h + (blocks.length + 1) * B + TAIL_FIELDS);
    blocks.push(readBlock(read, h + blocks.length * B, layout));
    if (fields[h + blocks.length * B]!.endsWith('%')) break; // usr CPU %: the blocks are over
    if (blocks.length >= maxBlocks) break;
  }
  const directions = layout.blocks.get(blocks.length);
  if (!directions || !fields[h + blocks.length * B]!.endsWith('%')) {
    throw new ParseError(source, { line: lineNumber }, message.terseBadBlocks(layout.version, blocks.length, [...layout.blocks.keys()]));
  }
  readTail(read, h + blocks.length * B);

  const options = {};
  const didIo = (m: Measured): boolean => m.io_bytes > 0 || m.runtime_ms > 0;
  if (errno !== 0) {
    const printed = directions.filter((d) => d !== 'mixed');
    const ioDirections = printed.filter((_, i) => didIo(blocks[i]!));
    const mixed = directions.length === 1 ? 'only' : directions.includes('mixed') ? 'also' : 'none';
    const rw = context.rwOf?.(jobname);
    const failed = failedDirections({ rw, rwDefaulted: false, jobname, didIo: ioDirections, printed, mixed });
    if (failed.unknown) {
      const field = `terse v${layout.version} field ${h} (error)`;
      warnings.push({ file: source, line: lineNumber, field, value: String(errno), message: warning.directionUnknown(jobname, errno, failed.directions) });
    }
    const stats = failed.directions.map((direction): EntryStats => ({ jobname, groupid, hostname: null, direction, errno, options, measured: null }));
    return { version: layout.version, fioVersion, stats };
  }
  const stats: EntryStats[] = [];
  directions.forEach((direction: Direction, i) => {
    const measured = blocks[i]!;
    if (direction === 'mixed' || didIo(measured)) stats.push({ jobname, groupid, hostname: null, direction, errno, options, measured });
  });
  return { version: layout.version, fioVersion, stats };
}

type FieldReader = ReturnType<typeof fieldReader>;

/** A field's name for messages; BLOCK for a direction block's field, named from its position only when needed. */
type Label = string | typeof BLOCK;
const BLOCK = null;

function fieldReader(fields: string[], layout: TerseLayout, source: string, lineNumber: number, warnings: ParseWarning[]) {
  const nameOf = (i: number, label: Label): string => {
    if (label !== BLOCK) return label;
    const k = i - layout.headerFields;
    return `${BLOCK_FIELD_NAMES[k % layout.blockFields]} of direction block ${Math.floor(k / layout.blockFields) + 1}`;
  };
  const bad = (i: number, label: Label, expected: string): ParseError =>
    new ParseError(source, { line: lineNumber }, message.terseBadField(layout.version, i + 1, nameOf(i, label), fields[i] ?? '', expected));
  // A non-number where fio prints a float or a percentage: null, and said so.
  const nonNumber = (i: number, label: Label): boolean => {
    const v = fields[i] ?? '';
    if (!NON_NUMBER.test(v)) return false;
    const field = `terse v${layout.version} field ${i + 1} (${nameOf(i, label)})`;
    warnings.push({ file: source, line: lineNumber, field, value: v, message: warning.nonNumber() });
    return true;
  };
  return {
    need(count: number): void {
      if (fields.length < count) throw new ParseError(source, { line: lineNumber }, message.terseTooFewFields(layout.version, fields.length, count));
    },
    matching(i: number, label: Label, pattern: RegExp, expected: string): string {
      const v = fields[i] ?? '';
      if (!pattern.test(v)) throw bad(i, label, expected);
      return v;
    },
    int(i: number, label: Label): number {
      const v = fields[i] ?? '';
      if (!INT.test(v)) throw bad(i, label, 'an integer');
      return Number(v);
    },
    float(i: number, label: Label): number | null {
      const v = fields[i] ?? '';
      if (FLOAT.test(v)) return parseFloat(v);
      if (nonNumber(i, label)) return null;
      throw bad(i, label, 'a number like "74.427492"');
    },
    percent(i: number, label: Label): void {
      if (!PERCENT.test(fields[i] ?? '') && !nonNumber(i, label)) throw bad(i, label, 'a percentage like "46.64%"');
    },
    /** A `p%=value` field's value (us), after checking its shape; `percentOf` reads its p. */
    percentile(i: number, label: Label): number {
      const v = fields[i] ?? '';
      if (!PERCENTILE.test(v)) throw bad(i, label, 'a percentile like "99.000000%=177" (or "0%=0")');
      return Number(v.slice(v.indexOf('%=') + 2));
    },
    percentOf(i: number): number {
      const v = fields[i]!;
      return parseFloat(v.slice(0, v.indexOf('%=')));
    },
  };
}

// Every field read through `read` in the line's order (the first bad one is the one reported),
// without a closure per field: a fresh process runs this unoptimized, thousands of times.
function readBlock(read: FieldReader, at: number, layout: TerseLayout): Measured {
  const kib = read.int(at, BLOCK);
  read.int(at + 1, BLOCK);
  const iops = read.int(at + 2, BLOCK);
  const runtimeMs = read.int(at + 3, BLOCK);
  const slat = latency(read, at + 4, kib);
  const clat = latency(read, at + 8, kib);
  const percentiles: ClatPercentiles = { p50_ns: null, p99_ns: null, p999_ns: null };
  for (let i = at + 12; i < at + 32; i++) {
    const valueUs = read.percentile(i, BLOCK);
    const p = read.percentOf(i);
    // Terse prints ns/1000 truncated: the value is known to the microsecond only.
    if (p === 50) percentiles.p50_ns = valueUs * 1000;
    else if (p === 99) percentiles.p99_ns = valueUs * 1000;
    else if (p === 99.9) percentiles.p999_ns = valueUs * 1000;
  }
  const lat = latency(read, at + 32, kib);
  read.int(at + 36, BLOCK);
  read.int(at + 37, BLOCK);
  read.percent(at + 38, BLOCK);
  read.float(at + 39, BLOCK);
  read.float(at + 40, BLOCK);
  if (layout.version === 5) {
    read.int(at + 41, BLOCK);
    read.int(at + 42, BLOCK);
    read.int(at + 43, BLOCK);
    read.float(at + 44, BLOCK);
    read.float(at + 45, BLOCK);
    read.int(at + 46, BLOCK);
  }
  return {
    io_bytes: kib * 1024,
    runtime_ms: runtimeMs,
    total_ios: null,
    iops,
    slat,
    clat,
    lat,
    clat_percentiles: percentiles,
    clat_bins: null,
  };
}

// Means are printed in us with 6 decimals: rounding keeps exactly those digits, in ns. The
// weight for folding clones is the bytes moved (`kib`): terse has no sample counts.
function latency(read: FieldReader, first: number, kib: number): MeanSample | null {
  read.int(first, BLOCK);
  const max = read.int(first + 1, BLOCK);
  const meanUs = read.float(first + 2, BLOCK);
  read.float(first + 3, BLOCK);
  if (meanUs === null) return null;
  return max > 0 || meanUs > 0 ? { mean_ns: Math.round(meanUs * 1e6) / 1e3, samples: Math.max(kib, 1) } : null;
}

// CPU usr%, sys%, ctx, majf, minf; IO depths (7); latency us (10) and ms (12), all percentages.
function readTail(read: FieldReader, at: number): void {
  read.percent(at, 'usr CPU %');
  read.percent(at + 1, 'sys CPU %');
  read.int(at + 2, 'context switches');
  read.int(at + 3, 'major faults');
  read.int(at + 4, 'minor faults');
  for (let k = 5; k < TAIL_FIELDS; k++) read.percent(at + k, k < 12 ? 'IO depth %' : 'latency bucket %');
}
