import type { Direction } from '@sharebench/core';
import { directionsOfRw } from './directions-of-rw.js';

/** What is known about a failed job entry when choosing the directions its failure is reported in. */
export interface FailedShape {
  /** The job's `rw=` option, if fio reported it. */
  rw: string | undefined;
  /** The read/write/trim directions that moved data (total_ios > 0 or runtime > 0). */
  didIo: readonly Direction[];
  /** unified_rw_reporting: no `mixed` numbers, only `mixed` (=mixed), or mixed beside read/write (=both). */
  mixed: 'none' | 'only' | 'also';
}

/**
 * The directions a failed job is reported in, so that it shows up as a failed row where its
 * successful run would have been: its `rw=` directions, else the directions that did I/O, else
 * read. Under unified_rw_reporting=mixed it is `mixed`; under `both` mixed is added.
 */
export function failedDirections(shape: FailedShape): Direction[] {
  if (shape.mixed === 'only') return ['mixed'];
  const rwDirections = directionsOfRw(shape.rw);
  const directions = rwDirections ?? (shape.didIo.length > 0 ? [...shape.didIo] : ['read' as const]);
  return shape.mixed === 'also' ? [...directions, 'mixed'] : directions;
}
