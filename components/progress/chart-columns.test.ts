import { describe, expect, it } from "vitest";
import { toColumns, toRows, type ChartPoint } from "./chart-columns";

const point = (t: number, untriaged: number): ChartPoint => ({ t, untriaged, needs_privilege: 1, testing: 2, verified: 3, waived: 4, restaged: 5 });

describe("chart columns", () => {
  it("carry the chart's points to the browser unchanged, in a third of the bytes", () => {
    const points = Array.from({ length: 180 }, (_, i) => point(1_764_396_000_000 + i * 86_400_000, 269 - i));
    const columns = toColumns(points);
    expect(toRows(JSON.parse(JSON.stringify(columns)))).toEqual(points);
    expect(JSON.stringify(columns).length).toBeLessThan(JSON.stringify(points).length / 2.5);
  });
});
