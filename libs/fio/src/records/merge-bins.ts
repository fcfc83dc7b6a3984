/** Adds json+ histograms bucket by bucket: every fio uses the same bucket values, so counts add. */
export function mergeBins(histograms: ReadonlyArray<Readonly<Record<string, number>>>): Record<string, number> {
  const merged: Record<string, number> = {};
  for (const bins of histograms) {
    for (const key in bins) merged[key] = (merged[key] ?? 0) + bins[key]!;
  }
  return merged;
}
