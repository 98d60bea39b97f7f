/**
 * At most `max` of `points`, a subsequence in the same order, for a chart that cannot show more: the first
 * point (the baseline), the last, and from each of equal runs of the points between them the points where
 * each of `values` is lowest and highest, so that no spike, dip or regression of any series is smoothed away.
 * The runs are as short as the bound allows: a flat stretch keeps one point, which leaves room for finer runs.
 * `points` no longer than `max` come back unchanged. Pure.
 *
 * Not largest-triangle-three-buckets (the npm `downsample` package): it keeps one point per run by visual
 * area and of one series only, so a one-day spike in one band of a stacked chart may go; a stacked chart also
 * needs every series to keep the same points.
 */
export function downsample<T>(points: readonly T[], max: number, values: (p: T) => readonly number[]): readonly T[] {
  if (points.length <= max) return points;
  const series = values(points[0]).length;
  const budget = max - 2;
  if (!Number.isInteger(max) || budget < 2 * series) throw new RangeError(`max must leave room for each of the ${series} values' extremes in one run`);
  const rows = points.map(values);
  const keep = (kept: number[]) => [points[0], ...kept.map((i) => points[i]), points[points.length - 1]];
  for (let runs = Math.floor(budget / 2); runs > 1; runs--) {
    const kept = extremes(rows, runs);
    if (kept.length <= budget) return keep(kept);
  }
  // one run keeps at most 2 × series points: within the budget checked above
  return keep(extremes(rows, 1));
}

/** Indices, ascending and distinct, of each series' lowest and highest value within each of `runs` runs of rows[1..n-2]. */
function extremes(rows: readonly (readonly number[])[], runs: number): number[] {
  const inner = rows.length - 2;
  const kept = new Set<number>();
  for (let r = 0; r < runs; r++) {
    const from = 1 + Math.floor((r * inner) / runs);
    const to = 1 + Math.floor(((r + 1) * inner) / runs);
    if (from === to) continue;
    for (let s = 0; s < rows[from].length; s++) {
      let lo = from;
      let hi = from;
      for (let i = from + 1; i < to; i++) {
        if (rows[i][s] < rows[lo][s]) lo = i;
        if (rows[i][s] > rows[hi][s]) hi = i;
      }
      kept.add(lo).add(hi);
    }
  }
  return [...kept].sort((a, b) => a - b);
}
