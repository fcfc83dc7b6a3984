import { directionsOf, WORKLOADS, type Direction } from '@sharebench/core';

const KNOWN_RW = new Set<string>([
  'read', 'randread', 'write', 'randwrite', 'rw', 'readwrite', 'randrw',
  'trim', 'randtrim', 'trimwrite', 'randtrimwrite', ...WORKLOADS,
]);

/**
 * The directions a fio `rw=` value (or a seed workload name) moves data in, or null when the
 * value is missing or unknown. fio accepts an offset modifier (`rw=randread:8`); it is ignored.
 */
export function directionsOfRw(rw: string | undefined): Direction[] | null {
  if (rw === undefined) return null;
  const value = rw.split(':')[0]!.trim();
  return KNOWN_RW.has(value) ? directionsOf(value) : null;
}
