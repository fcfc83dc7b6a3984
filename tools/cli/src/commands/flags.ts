import { InputError } from '@sharebench/core';
import type { ParsedArgs } from '../types.js';
import { message } from '../messages.js';

/** A string flag's value, or undefined. */
export const str = (args: ParsedArgs, name: string): string | undefined => {
  const v = args.flags[name];
  return typeof v === 'string' ? v : undefined;
};

/** A required string flag, with a message naming the flag and the command's usage. */
export const required = (args: ParsedArgs, name: string, usage: string): string => {
  const v = str(args, name);
  if (v === undefined || v === '') throw new InputError(message.flagRequired(name, usage));
  return v;
};

/** Comma-separated list flag (`--select a,b`), and repeated flags (`--rollup x --rollup y`). */
export const list = (args: ParsedArgs, name: string): string[] | undefined => {
  const v = args.flags[name];
  if (v === undefined || typeof v === 'boolean') return undefined;
  const items = (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(/,(?![^(]*\))/));
  return items.map((s) => s.trim()).filter(Boolean);
};

/** A positive integer flag. */
export const int = (args: ParsedArgs, name: string): number | undefined => {
  const v = str(args, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) <= 0) throw new InputError(message.notPositiveInteger(name, v));
  return Number(v);
};

/** A flag that takes one of `allowed`, or undefined when absent. */
export const oneOf = <T extends string>(args: ParsedArgs, name: string, allowed: readonly T[]): T | undefined => {
  const v = str(args, name);
  if (v === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(v)) throw new InputError(message.notOneOf(name, v, allowed));
  return v as T;
};
