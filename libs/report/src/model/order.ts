/** `preferred` values that occur, in that order, then the others in the order they first occur. */
export function orderBy(values: Iterable<string>, preferred: readonly string[]): string[] {
  const seen = [...new Set(values)];
  return [...preferred.filter((p) => seen.includes(p)), ...seen.filter((v) => !preferred.includes(v))];
}

export const DIRECTION_ORDER = ['read', 'write', 'trim', 'mixed'] as const;
