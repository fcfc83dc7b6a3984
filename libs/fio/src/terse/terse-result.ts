import type { ParseWarning } from '@sharebench/core';
import { FioFormat, type FioResult } from '../types.js';
import { foldEntries } from '../records/fold-entries.js';
import type { TerseLine } from './parse-terse-line.js';

/**
 * A FioResult from parsed terse lines: one record per job name x group x direction, numjobs
 * clones (one line each without group_reporting) folded. Terse carries no options, timestamp
 * or I/O counts.
 */
export function terseResult(lines: readonly TerseLine[], warnings: ParseWarning[], format: FioFormat = FioFormat.terse): FioResult {
  return {
    format,
    fioVersion: lines.find((l) => l.fioVersion !== null)?.fioVersion ?? null,
    timestampMs: null,
    globalOptions: {},
    records: foldEntries(lines.flatMap((l) => l.stats)),
    warnings,
  };
}
