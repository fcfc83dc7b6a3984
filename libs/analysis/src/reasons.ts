/**
 * Why a summary cell or a speedup has no number, no interval, or a flagged one: the codes of the
 * `reason` columns. Findings, reports and people's queries read these, never the `error` prose
 * beside them, which is for people and may be reworded.
 */
export const Reason = {
  /** The configuration cannot run the job (mmap on a share without shared mappings, no DAX window): no run is ok. */
  unsupported: 'unsupported',
  /** The runs failed (fio or the tree command reported an error, a guest died): no run is ok. */
  failed: 'failed',
  /** The runs were interrupted before they finished: no run is ok. */
  interrupted: 'interrupted',
  /** Runs are ok but none recorded the compared metric. */
  no_samples: 'no_samples',
  /** The baseline's mean is 0: no ratio. */
  zero_baseline: 'zero_baseline',
  /** The candidate's mean is 0: a ratio of 0 has no log, so no interval and no pooling. */
  zero_candidate: 'zero_candidate',
  /** Fewer than 2 ok repeats (on a side): a mean, or a ratio, but no confidence interval. */
  one_sample: 'one_sample',
  /** Some repeats were not ok; the others give the numbers. */
  partial: 'partial',
  /**
   * A timed part shorter than 100 ticks of the clock that timed it (fio's runtime is whole
   * milliseconds): the figure is the timer's as much as the machine's. With zero spread there is
   * no interval at all (never a zero-width one).
   */
  below_resolution: 'below_resolution',
  /** Every repeat gave the same number (sd = 0) above the clock's resolution: no interval, never a zero-width one. */
  zero_variance: 'zero_variance',
} as const;
export type Reason = (typeof Reason)[keyof typeof Reason];
export const isReason = (v: unknown): v is Reason => typeof v === 'string' && Object.hasOwn(Reason, v);

/** Each reason in a few words, for tables and tooltips. */
export const REASON_WORDS: Readonly<Record<Reason, string>> = {
  unsupported: 'unsupported',
  failed: 'failed',
  interrupted: 'interrupted',
  no_samples: 'no samples',
  zero_baseline: 'baseline mean 0',
  zero_candidate: 'candidate mean 0',
  one_sample: 'one repeat: no CI',
  partial: 'some runs not ok',
  below_resolution: "below the clock's resolution",
  zero_variance: 'no spread: no CI',
};

/** Reasons that leave a speedup without a ratio: the cell was not measured on a side. */
export const NOT_MEASURED_REASONS: readonly Reason[] = [
  Reason.unsupported,
  Reason.failed,
  Reason.interrupted,
  Reason.no_samples,
  Reason.zero_baseline,
  Reason.zero_candidate,
];

/** A timed part shorter than this many ticks of its clock is below its resolution (±1 tick is over 1%). */
export const MIN_TICKS = 100;

/** The tick of fio's clock as its JSON reports runtime: whole milliseconds. */
export const FIO_TICK_MS = 1;
