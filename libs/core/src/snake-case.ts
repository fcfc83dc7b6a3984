/**
 * `value` with every object key in snake_case (`timeoutMs` -> `timeout_ms`), for writing a
 * TypeScript object into a dataset's JSON, where names are snake_case.
 */
export function snakeCaseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeCaseKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), snakeCaseKeys(v)]));
}
