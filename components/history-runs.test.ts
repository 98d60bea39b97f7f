import { describe, expect, it } from "vitest";
import { historyRuns } from "./history-runs";

const day = (d: number) => `2026-01-${String(d).padStart(2, "0")}T08:00:00Z`;
const point = (d: number, present: boolean, privileged: boolean) => ({ snapshotId: String(d), capturedAt: day(d), present, privileged });

describe("historyRuns", () => {
  it("folds consecutive snapshots in the same state into one run with its first and last capture", () => {
    const history = [point(1, true, true), point(2, true, true), point(3, true, true), point(4, false, false), point(5, true, false), point(6, true, false)];
    expect(historyRuns(history)).toEqual([
      { state: "privileged", from: day(1), to: day(3), snapshots: 3 },
      { state: "absent", from: day(4), to: day(4), snapshots: 1 },
      { state: "unprivileged", from: day(5), to: day(6), snapshots: 2 },
    ]);
  });

  it("keeps a year of daily snapshots with two changes to three runs", () => {
    const history = Array.from({ length: 365 }, (_, i) => ({
      snapshotId: String(i),
      capturedAt: new Date(Date.UTC(2026, 0, 1 + i, 8)).toISOString(),
      present: true,
      privileged: i < 100 || i >= 300,
    }));
    expect(historyRuns(history).map((r) => [r.state, r.snapshots])).toEqual([
      ["privileged", 100],
      ["unprivileged", 200],
      ["privileged", 65],
    ]);
  });

  it("has no runs without snapshots", () => {
    expect(historyRuns([])).toEqual([]);
  });
});
