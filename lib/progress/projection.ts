/**
 * When a foundation will run out of privileged apps at the recent pace (issue 10): a least-squares line through
 * the last points, its slope taken one standard error either way for the optimistic and pessimistic ends of the
 * range. A pace that is not downwards, or a week without the count going down, is reported as how long nothing has
 * improved. Pure.
 */

const DAY_MS = 86_400_000;

/** Points the trend is fitted on: about two weeks of daily uploads. */
export const TREND_POINTS = 14;

/** A week without the count going down reads as stalled, whatever an older burst of progress says. */
export const STALL_DAYS = 7;

export interface RemainingPoint {
  capturedMs: number;
  remaining: number;
}

export type Projection =
  /** fewer than two points: no trend yet */
  | { kind: "unknown" }
  /** nothing left to migrate */
  | { kind: "done"; sinceMs: number }
  /** no downward trend; `days` since the count last went down (or since the first point) */
  | { kind: "flat"; days: number }
  /** the expected finish between `optimisticMs` and `pessimisticMs` (null: not at the slowest plausible pace) */
  | { kind: "finishing"; optimisticMs: number; expectedMs: number; pessimisticMs: number | null; perDay: number };

export function project(points: RemainingPoint[], window = TREND_POINTS): Projection {
  if (points.length === 0) return { kind: "unknown" };
  const last = points[points.length - 1];
  if (last.remaining === 0) {
    let i = points.length - 1;
    while (i > 0 && points[i - 1].remaining === 0) i--;
    return { kind: "done", sinceMs: points[i].capturedMs };
  }
  if (points.length < 2) return { kind: "unknown" };
  const recent = points.slice(-window);
  const x0 = recent[0].capturedMs;
  const xs = recent.map((p) => (p.capturedMs - x0) / DAY_MS);
  const ys = recent.map((p) => p.remaining);
  const n = recent.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  const sxx = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  const slope = sxx === 0 ? 0 : xs.reduce((a, x, i) => a + (x - mx) * (ys[i] - my), 0) / sxx;
  const stalled = Math.floor((last.capturedMs - lastDecreaseMs(points)) / DAY_MS);
  if (slope >= 0 || stalled >= STALL_DAYS) return { kind: "flat", days: stalled };
  const residual = ys.reduce((a, y, i) => a + (y - (my + slope * (xs[i] - mx))) ** 2, 0);
  const se = n > 2 && sxx > 0 ? Math.sqrt(residual / (n - 2) / sxx) : 0;
  // each end measured from the latest count at that pace, so the range never starts in the past
  const finish = (perDay: number) => last.capturedMs + (last.remaining / -perDay) * DAY_MS;
  return {
    kind: "finishing",
    perDay: -slope,
    expectedMs: finish(slope),
    optimisticMs: finish(slope - se),
    pessimisticMs: slope + se < 0 ? finish(slope + se) : null,
  };
}

/** When the count last went down, or the first point when it never did. */
function lastDecreaseMs(points: RemainingPoint[]): number {
  for (let i = points.length - 1; i > 0; i--) if (points[i].remaining < points[i - 1].remaining) return points[i].capturedMs;
  return points[0].capturedMs;
}
