// Longer arrays (a campaign's plan: hundreds of runs) print as a count.
const MAX_ARRAY = 16;

/** Leaves of a JSON-like value as `[dotted.path, text]`, for key/value tables. */
export function flatten(value: unknown, prefix = ''): Array<[string, string]> {
  if (value === null || value === undefined) return prefix ? [[prefix, '–']] : [];
  if (Array.isArray(value)) {
    if (value.length === 0) return prefix ? [[prefix, '(none)']] : [];
    if (value.every((v) => v === null || typeof v !== 'object')) return [[prefix, value.map(String).join(' ')]];
    if (value.length > MAX_ARRAY) return [[prefix, `${value.length} entries`]];
    return value.flatMap((v, i) => flatten(v, `${prefix}[${i}]`));
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return prefix ? [[prefix, '(none)']] : [];
    return entries.flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
  }
  return [[prefix, String(value)]];
}

