/** Numbers for people: 3 significant digits, no exponent, thousands grouped. */
export function formatNumber(x: number): string {
  const abs = Math.abs(x);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  const [int, frac] = x.toFixed(digits).split('.') as [string, string | undefined];
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac === undefined ? grouped : `${grouped}.${frac}`;
}

export interface Unit {
  name: string;
  /** Base units per one of this unit. */
  scale: number;
}

const BYTE_RATE_UNITS: Unit[] = [
  { name: 'B/s', scale: 1 },
  { name: 'KiB/s', scale: 1024 },
  { name: 'MiB/s', scale: 1024 ** 2 },
  { name: 'GiB/s', scale: 1024 ** 3 },
];
const DURATION_UNITS: Unit[] = [
  { name: 'ns', scale: 1 },
  { name: 'µs', scale: 1e3 },
  { name: 'ms', scale: 1e6 },
  { name: 's', scale: 1e9 },
];
const COUNT_RATE_UNITS: Unit[] = [{ name: 'IO/s', scale: 1 }];
const OPS_RATE_UNITS: Unit[] = [{ name: 'ops/s', scale: 1 }];

// The largest unit that keeps `x` at or above 1; callers pick it once per value so its spread shares it.
function pick(units: Unit[], x: number): Unit {
  let u = units[0]!;
  for (const c of units) if (Math.abs(x) >= c.scale) u = c;
  return u;
}

export const UNITS = { bytesPerSecond: BYTE_RATE_UNITS, ioPerSecond: COUNT_RATE_UNITS, opsPerSecond: OPS_RATE_UNITS, nanoseconds: DURATION_UNITS } as const;
export type UnitKind = keyof typeof UNITS;

/** The unit to print `reference` and its spread in: bytes/s 9.7e7 -> MiB/s. */
export function unitFor(kind: UnitKind, reference: number | null): Unit {
  return pick(UNITS[kind], reference ?? 0);
}

/** "92.7 MiB/s"; a missing value prints as a dash, never as 0. */
export function formatIn(unit: Unit, x: number | null): string {
  return x === null || !Number.isFinite(x) ? '–' : `${formatNumber(x / unit.scale)} ${unit.name}`;
}

/** Several values in one unit: "94.1, 93.2, 90.8 MiB/s". */
export function formatListIn(unit: Unit, values: readonly number[]): string {
  return values.length === 0 ? '–' : `${values.map((v) => formatNumber(v / unit.scale)).join(', ')} ${unit.name}`;
}
