/** Prints a benchmark's figures: one readable line each, then the whole set as one JSON line (always last). */
export function printFigures(name: string, figures: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(figures)) console.log(`${name}: ${k} = ${typeof v === 'number' ? formatNumber(v) : JSON.stringify(v)}`);
  console.log(JSON.stringify({ bench: name, ...figures }));
}

function formatNumber(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(4);
}
