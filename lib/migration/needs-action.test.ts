import { describe, expect, it } from "vitest";
import { needsAction } from "./needs-action";
import { initialState, type AppState } from "./state-machine";

const NOW = Date.parse("2026-11-29T12:00:00Z");
const DAY = 86_400_000;
const state = (patch: Partial<AppState>): AppState => ({ ...initialState(), ...patch });

describe("what an app needs from its owners", () => {
  it("puts regressions first, then waiver requests, then untriaged apps", () => {
    expect(needsAction(state({ status: "untriaged", regression: true }), NOW, NOW)).toBe("regression");
    expect(needsAction(state({ status: "needs_privilege", waiverRequest: { userId: "u", name: "u", atMs: NOW, note: "x", expiresMs: NOW + DAY } }), NOW, NOW)).toBe("waiver_request");
    expect(needsAction(state({ status: "untriaged" }), NOW, NOW)).toBe("untriaged");
  });

  it("flags a test push older than 14 days, not a younger one", () => {
    expect(needsAction(state({ status: "testing" }), NOW - 15 * DAY, NOW)).toBe("testing_stalled");
    expect(needsAction(state({ status: "testing" }), NOW - 13 * DAY, NOW)).toBeNull();
  });

  it("flags a waiver expiring within 30 days; a lapsed one shows as the status it fell back to", () => {
    expect(needsAction(state({ status: "waived", waiverExpiresMs: NOW + 29 * DAY }), NOW, NOW)).toBe("waiver_expiring");
    expect(needsAction(state({ status: "waived", waiverExpiresMs: NOW + 31 * DAY }), NOW, NOW)).toBeNull();
    expect(needsAction(state({ status: "waived", waiverExpiresMs: NOW - DAY, statusBeforeWaiver: "untriaged" }), NOW, NOW)).toBe("untriaged");
  });

  it("asks nothing of migrated, restaged, verified or never-privileged apps", () => {
    for (const status of ["migrated", "restaged", "verified", "needs_privilege", null] as const) expect(needsAction(state({ status }), NOW - 100 * DAY, NOW)).toBeNull();
  });
});
