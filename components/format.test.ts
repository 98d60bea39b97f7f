import { describe, expect, it } from "vitest";
import { formatAge, formatProcesses } from "./format";

describe("formatAge", () => {
  const now = Date.parse("2026-11-29T12:00:00Z");
  it("reads like a person would say it", () => {
    expect(formatAge("2026-11-29T11:59:30Z", now)).toBe("just now");
    expect(formatAge("2026-11-29T09:00:00Z", now)).toBe("3 h ago");
    expect(formatAge("2026-11-20T12:00:00Z", now)).toBe("9 d ago");
    expect(formatAge("not a time", now)).toBe("unknown");
  });
});

describe("formatProcesses", () => {
  it("sums instances per process type and writes ×N only when it is not 1", () => {
    expect(
      formatProcesses([
        { type: "web", lrps: 2, instances: 4, privileged: true },
        { type: "worker", lrps: 1, instances: 1, privileged: false },
      ]),
    ).toBe("web ×4, worker");
    expect(formatProcesses([])).toBe("—");
  });
});
