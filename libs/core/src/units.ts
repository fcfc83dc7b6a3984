import { InputError } from './errors.js';
import { message } from './messages.js';

const SIZE_UNITS: Readonly<Record<string, number>> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
  t: 1024 ** 4,
  tb: 1024 ** 4,
  tib: 1024 ** 4,
};

/**
 * Parses a size as fio reads it by default (kb_base=1024: "4k" = 4096, "4G" = 4 GiB) into bytes.
 * Plain numbers are bytes. Throws an InputError naming `where` on anything else.
 */
export function parseSize(value: unknown, where: string): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
  const m = typeof value === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(value) : null;
  const unit = m ? SIZE_UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined) {
    throw new InputError(message.notASize(where, value));
  }
  const bytes = Math.round(Number(m[1]) * unit);
  if (!(bytes > 0)) throw new InputError(message.notPositive(where, value));
  return bytes;
}

const DURATION_UNITS: Readonly<Record<string, number>> = { '': 1000, ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 };

/**
 * Parses a duration ("20s", "500ms", "2m", or a number of seconds) into milliseconds.
 * Throws an InputError naming `where` on a negative or malformed value.
 */
export function parseDurationMs(value: unknown, where: string): number {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return Math.round(value * 1000);
  const m = typeof value === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value) : null;
  const unit = m ? DURATION_UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined) {
    throw new InputError(message.notADuration(where, value));
  }
  const ms = Math.round(Number(m[1]) * unit);
  if (!(ms > 0)) throw new InputError(message.notPositive(where, value));
  return ms;
}

/** Formats bytes the way fio's options accept them, exact: 4096 -> "4k", 4 GiB -> "4g". */
export function formatSizeForFio(bytes: number): string {
  for (const [suffix, mult] of [['t', 1024 ** 4], ['g', 1024 ** 3], ['m', 1024 ** 2], ['k', 1024]] as const) {
    if (bytes % mult === 0) return `${bytes / mult}${suffix}`;
  }
  return String(bytes);
}

/** Human-readable bytes for messages ("4.0 GiB"). */
export function humanBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${v} B` : `${v.toFixed(1)} ${units[i]}`;
}
