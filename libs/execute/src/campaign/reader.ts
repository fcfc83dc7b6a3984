import { InputError, parseDurationMs, parseSize } from '@sharebench/core';
import { message } from '../messages.js';

/**
 * Reads one JSON object of a campaign file strictly: every value is checked where it is read,
 * every error names the file, the JSON path, the bad value and what is allowed, and `done()`
 * refuses keys nobody read (a typo is an error, not a silent default).
 */
export class ObjectReader {
  private readonly used = new Set<string>();
  constructor(
    readonly file: string,
    readonly path: string,
    readonly obj: Record<string, unknown>,
  ) {}

  static of(file: string, path: string, value: unknown): ObjectReader {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new InputError(message.atKey(file, path || message.topLevel(), message.notAnObject(value)));
    }
    return new ObjectReader(file, path, value as Record<string, unknown>);
  }

  at(key: string): string {
    return this.path ? `${this.path}.${key}` : key;
  }

  fail(key: string, what: string): never {
    throw new InputError(message.atKey(this.file, this.at(key), what));
  }

  /** Whether the key is given; asking counts the key as known (allowed) for done(). */
  has(key: string): boolean {
    this.used.add(key);
    return this.obj[key] !== undefined;
  }

  raw(key: string): unknown {
    this.used.add(key);
    return this.obj[key];
  }

  string(key: string, fallback?: string): string {
    const v = this.raw(key);
    if (v === undefined && fallback !== undefined) return fallback;
    if (typeof v !== 'string' || v === '') this.fail(key, message.notNonEmptyString(v));
    return v;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[], fallback?: T, what = 'value'): T {
    const v = this.raw(key);
    if (v === undefined && fallback !== undefined) return fallback;
    if (typeof v !== 'string' || !allowed.includes(v as T)) {
      this.fail(key, message.notOneOf(v, what, allowed));
    }
    return v as T;
  }

  int(key: string, fallback: number | undefined, range: { min?: number; max?: number } = {}): number {
    const v = this.raw(key);
    if (v === undefined && fallback !== undefined) return fallback;
    const min = range.min ?? 0;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || (range.max !== undefined && v > range.max)) {
      this.fail(key, message.notIntegerInRange(v, min, range.max));
    }
    return v;
  }

  number(key: string, fallback: number | undefined, range: { above: number; below: number }): number {
    const v = this.raw(key);
    if (v === undefined && fallback !== undefined) return fallback;
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= range.above || v >= range.below) {
      this.fail(key, message.notNumberBetween(v, range.above, range.below));
    }
    return v;
  }

  bool(key: string, fallback: boolean): boolean {
    const v = this.raw(key);
    if (v === undefined) return fallback;
    if (typeof v !== 'boolean') this.fail(key, message.notBoolean(v));
    return v;
  }

  size(key: string, fallback?: number): number {
    const v = this.raw(key);
    if (v === undefined && fallback !== undefined) return fallback;
    return parseSize(v, `${this.file}: ${this.at(key)}`);
  }

  durationMs(key: string, fallback?: number): number {
    const v = this.raw(key);
    if (v === undefined && fallback !== undefined) return fallback;
    return parseDurationMs(v, `${this.file}: ${this.at(key)}`);
  }

  array(key: string, fallback?: unknown[]): unknown[] {
    const v = this.raw(key);
    if (v === undefined && fallback !== undefined) return fallback;
    if (!Array.isArray(v) || v.length === 0) this.fail(key, message.notNonEmptyList(v));
    return v;
  }

  stringList(key: string, fallback?: string[], allowed?: readonly string[], what = 'value'): string[] {
    const items = this.array(key, fallback);
    return items.map((item, i) => {
      if (typeof item !== 'string' || item === '') this.fail(`${key}[${i}]`, message.notNonEmptyString(item));
      if (allowed && !allowed.includes(item)) {
        this.fail(`${key}[${i}]`, message.notOneOf(item, what, allowed));
      }
      return item;
    });
  }

  /** Refuses keys that were never read: typos and options that do not exist. */
  done(): void {
    const unknown = Object.keys(this.obj).filter((k) => !this.used.has(k));
    if (unknown.length > 0) {
      this.fail(unknown[0]!, message.unknownKey([...this.used]));
    }
  }
}
