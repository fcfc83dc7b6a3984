import { expect } from 'vitest';
import { parse, type Spec } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/**
 * Compiles a Vega-Lite spec with the real compiler and parses the result with the real Vega
 * parser in AST mode (as the page does under its CSP), failing on any compiler warning.
 */
export function compileStrict(spec: TopLevelSpec): Spec {
  const warnings: unknown[] = [];
  const logger = {
    level: (() => logger) as never,
    error: (...args: unknown[]) => {
      warnings.push(['error', ...args]);
      return logger;
    },
    warn: (...args: unknown[]) => {
      warnings.push(['warn', ...args]);
      return logger;
    },
    info: () => logger,
    debug: () => logger,
  };
  const { spec: vega } = compile(spec, { logger });
  expect(warnings).toEqual([]);
  parse(vega, undefined, { ast: true });
  return vega;
}

/** Every inline data value of a Vega-Lite spec, at any level (concatenated cells carry their own). */
export function valuesOf(spec: TopLevelSpec): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === 'object') {
      const values = (node as { data?: { values?: unknown } }).data?.values;
      if (Array.isArray(values)) out.push(...(values as Array<Record<string, unknown>>).filter((v) => Object.keys(v).length > 0));
      for (const [k, v] of Object.entries(node)) if (k !== 'data') walk(v);
    }
  };
  walk(spec);
  return out;
}
