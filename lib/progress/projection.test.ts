import { describe, expect, it } from "vitest";
import { project } from "./projection";

const DAY = 86_400_000;
const series = (...remaining: number[]) => remaining.map((r, i) => ({ capturedMs: i * DAY, remaining: r }));

describe("project", () => {
  it("has nothing to say before there are two points", () => {
    expect(project([])).toEqual({ kind: "unknown" });
    expect(project(series(10))).toEqual({ kind: "unknown" });
  });

  it("finishes exactly on the line when the pace is steady", () => {
    const p = project(series(100, 90, 80, 70, 60));
    expect(p.kind).toBe("finishing");
    if (p.kind !== "finishing") return;
    expect(p.perDay).toBeCloseTo(10);
    expect(p.expectedMs).toBe(10 * DAY);
    expect(p.optimisticMs).toBe(10 * DAY);
    expect(p.pessimisticMs).toBe(10 * DAY);
  });

  it("widens the range when the pace is uneven, the expected date inside it", () => {
    const p = project(series(100, 80, 78, 60, 58, 40));
    if (p.kind !== "finishing") throw new Error(p.kind);
    expect(p.optimisticMs).toBeLessThan(p.expectedMs);
    expect(p.pessimisticMs!).toBeGreaterThan(p.expectedMs);
  });

  it("fits only the recent points: an old burst of progress does not promise an early finish", () => {
    const p = project(series(1000, 500, 100, 99, 98, 97, 96), 5);
    if (p.kind !== "finishing") throw new Error(p.kind);
    expect(p.expectedMs).toBeCloseTo((6 + 96) * DAY, -3);
  });

  it("says how many days nothing improved when the count is flat or rising", () => {
    expect(project(series(50, 50, 51))).toEqual({ kind: "flat", days: 2 });
    expect(project(series(90, 50, 40, 40, 40, 40, 40, 40, 40, 40))).toEqual({ kind: "flat", days: 7 });
    expect(project(series(7, 7))).toEqual({ kind: "flat", days: 1 });
  });

  it("says since when a foundation has been done", () => {
    expect(project(series(5, 0, 0))).toEqual({ kind: "done", sinceMs: DAY });
  });
});
