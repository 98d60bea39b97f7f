import { describe, expect, it } from "vitest";
import { targetBody } from "../schemas/progress";
import { isOverdue } from "./target";

describe("isOverdue", () => {
  const end = Date.parse("2026-03-02T00:00:00Z");
  it("is overdue once the target day is over with privileged apps left", () => {
    expect(isOverdue("2026-03-01", 3, end - 1)).toBe(false);
    expect(isOverdue("2026-03-01", 3, end)).toBe(true);
  });
  it("is never overdue when nothing is left, no target is set or nothing was uploaded", () => {
    expect(isOverdue("2026-03-01", 0, end)).toBe(false);
    expect(isOverdue(null, 3, end)).toBe(false);
    expect(isOverdue("2026-03-01", null, end)).toBe(false);
  });
});

describe("targetBody", () => {
  it("takes a calendar day or null, nothing else", () => {
    expect(targetBody.parse({ targetDate: "2028-02-29" })).toEqual({ targetDate: "2028-02-29" });
    expect(targetBody.parse({ targetDate: null })).toEqual({ targetDate: null });
    for (const bad of ["2026-02-30", "2026-13-01", "2026-1-1", "tomorrow", "2026-03-01T00:00:00Z"]) expect(targetBody.safeParse({ targetDate: bad }).success).toBe(false);
    expect(targetBody.safeParse({}).success).toBe(false);
  });
});
