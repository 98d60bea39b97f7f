import { REMAINING_STATUSES, type Remaining } from "./statuses";

/** One capture: its time (ms) and the apps remaining in each status, the shape recharts reads. */
export type ChartPoint = { t: number } & Record<Remaining, number>;

/**
 * The chart's points as columns, one array per field: what the page sends, a third of the rows' size (each
 * row would repeat the seven field names).
 */
export type ChartColumns = Record<keyof ChartPoint, number[]>;

export function toColumns(points: readonly ChartPoint[]): ChartColumns {
  return { t: points.map((p) => p.t), ...(Object.fromEntries(REMAINING_STATUSES.map((s) => [s, points.map((p) => p[s])])) as Record<Remaining, number[]>) };
}

export const toRows = (c: ChartColumns): ChartPoint[] =>
  c.t.map((t, i) => ({ t, ...(Object.fromEntries(REMAINING_STATUSES.map((s) => [s, c[s][i]])) as Record<Remaining, number>) }));
