import { describe, expect, it } from "vitest";
import type { AppState, Status } from "@/lib/migration/state-machine";
import { rankStuck, type StuckCandidate } from "./stuck";

const DAY = 86_400_000;
const NOW = Date.parse("2026-11-29T12:00:00Z");
const state = (status: Status, extra: Partial<AppState> = {}): AppState => ({
  status,
  regression: false,
  waiverExpired: false,
  statusBeforeWaiver: null,
  waiverExpiresMs: null,
  waiverRequest: null,
  test: status === "testing" ? { org: "sandbox", space: "rootless", app: "x" } : null,
  ...extra,
});
let n = 0;
const app = (foundation: string, orgName: string | null, s: AppState, daysAgo: number, orgGuid = `org-${foundation}-${orgName}`, spaceGuid = "space-1"): StuckCandidate => ({
  foundation,
  guid: `app-${++n}`,
  name: `app-${n}`,
  orgGuid,
  orgName,
  spaceGuid,
  spaceName: "payments",
  state: s,
  statusChangedMs: NOW - daysAgo * DAY,
});

describe("rankStuck", () => {
  it("counts a testing app only once its test push is older than 14 days, with how long it has waited", () => {
    const fresh = rankStuck([app("a", "acme", state("testing"), 13)], [], NOW);
    expect(fresh.total).toBe(0);
    expect(fresh.orgs).toEqual([]);
    const old = rankStuck([app("a", "acme", state("testing"), 15)], [], NOW);
    expect(old.orgs[0]).toMatchObject({ name: "acme", total: 1, counts: { testing_stalled: 1 }, oldestSinceMs: NOW - 15 * DAY });
    // the same app a day later, by the clock alone
    expect(rankStuck([app("a", "acme", state("testing"), 13)], [], NOW + 2 * DAY).total).toBe(1);
  });

  it("counts untriaged apps and regressions, not verified, waived or waiver requests", () => {
    const report = rankStuck(
      [
        app("a", "acme", state("untriaged"), 1),
        app("a", "acme", state("untriaged", { regression: true }), 2),
        app("a", "acme", state("verified"), 90),
        app("a", "acme", state("waived", { waiverExpiresMs: NOW + 90 * DAY }), 90),
        app("a", "acme", state("untriaged", { waiverRequest: { userId: "u", name: "u@x", atMs: NOW, note: "fuse", expiresMs: NOW + DAY } }), 90),
      ],
      [],
      NOW,
    );
    expect(report.total).toBe(2);
    expect(report.orgs[0]!.counts).toEqual({ regression: 1, untriaged: 1, testing_stalled: 0 });
  });

  it("merges an org name across foundations, ranks by stuck apps and lists each one's apps oldest first", () => {
    const report = rankStuck(
      [
        app("a", "acme", state("untriaged"), 3),
        app("b", "acme", state("untriaged"), 30),
        app("a", "small", state("untriaged"), 100),
        app("a", null, state("untriaged"), 5, "guid-x"),
        app("b", null, state("untriaged"), 5, "guid-x"),
      ],
      [],
      NOW,
    );
    expect(report.orgs.map((o) => [o.name, o.total])).toEqual([
      ["acme", 2],
      ["small", 1],
      ["guid-x", 1],
      ["guid-x", 1],
    ]);
    expect(report.orgs[0]!.apps.map((a) => a.foundation)).toEqual(["b", "a"]);
    expect(report.orgs[0]!.oldestSinceMs).toBe(NOW - 30 * DAY);
  });

  it("credits owners through their org or space assignments; the rest is unowned", () => {
    const owners = [
      { email: "org-owner@x", scopes: [{ foundation: "a", orgGuid: "o1", spaceGuid: null }] },
      { email: "space-owner@x", scopes: [{ foundation: "a", orgGuid: "o1", spaceGuid: "s2" }] },
      { email: "other-foundation@x", scopes: [{ foundation: "b", orgGuid: "o1", spaceGuid: null }] },
    ];
    const report = rankStuck(
      [app("a", "acme", state("untriaged"), 1, "o1", "s1"), app("a", "acme", state("untriaged"), 2, "o1", "s2"), app("a", "zeta", state("untriaged"), 4, "o2", "s9")],
      owners,
      NOW,
    );
    expect(report.owners.map((o) => [o.name, o.total])).toEqual([
      ["org-owner@x", 2],
      ["space-owner@x", 1],
    ]);
    expect(report.unowned).toMatchObject({ total: 1, apps: [{ org: "zeta" }] });
  });
});
