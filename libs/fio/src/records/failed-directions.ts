import { parseJobName, type Direction } from '@sharebench/core';
import { directionsOfRw } from './directions-of-rw.js';

/** What is known about a failed job entry when choosing the directions its failure is reported in. */
export interface FailedShape {
  /** The job's `rw=`: from its options, or from the `rw=` of fio's normal-output header line. */
  rw: string | undefined;
  /** The job's options are known and hold no `rw=`: fio then ran its default, `rw=read`. */
  rwDefaulted: boolean;
  jobname: string;
  /** The read/write/trim directions that moved data (total_ios > 0 or runtime > 0). */
  didIo: readonly Direction[];
  /** The read/write/trim directions fio printed numbers for, zeros included. */
  printed: readonly Direction[];
  /** unified_rw_reporting: no `mixed` numbers, only `mixed` (=mixed), or mixed beside read/write (=both). */
  mixed: 'none' | 'only' | 'also';
}

/** The directions of a failed job, and whether anything said which they are. */
export interface FailedDirections {
  directions: Direction[];
  /** Nothing said what the job does: `directions` are every direction fio printed. */
  unknown: boolean;
}

/**
 * The directions a failed job is reported in, so that it shows up as a failed row where its
 * successful run would have been. Taken from what the job does, in this order: its `rw=`; its
 * name (`randwrite-mmap` is a seed job, `randread` names an rw); the directions that moved data
 * before it failed; fio's default `rw=read` when its options are known and name none. When
 * nothing says, the failure is reported in every direction fio printed, and `unknown` is set so
 * the caller can warn: a guess would put a write job's failure in a read cell. Under
 * unified_rw_reporting=mixed it is `mixed`; under `both` mixed is added.
 */
export function failedDirections(shape: FailedShape): FailedDirections {
  if (shape.mixed === 'only') return { directions: ['mixed'], unknown: false };
  const known =
    directionsOfRw(shape.rw) ??
    directionsOfRw(parseJobName(shape.jobname)?.workload) ??
    directionsOfRw(shape.jobname) ??
    (shape.didIo.length > 0 ? [...shape.didIo] : null) ??
    (shape.rwDefaulted ? directionsOfRw('read') : null);
  const directions = known ?? [...shape.printed];
  return { directions: shape.mixed === 'also' ? [...directions, 'mixed'] : directions, unknown: known === null };
}
