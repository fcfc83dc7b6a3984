import os from 'node:os';

/**
 * The range a 1-minute load average recorded between two readings of os.loadavg() (the kernel's
 * own figure, read another way) can take: it moves at most ~8% of the way to the run queue's
 * length per 5 s update, so a short span keeps it near both ends.
 */
export function loadBand(before: number, after = os.loadavg()[0]!): { lo: number; hi: number } {
  return { lo: Math.max(0, Math.min(before, after) * 0.8 - 0.5), hi: Math.max(before, after) * 1.25 + 2 };
}
