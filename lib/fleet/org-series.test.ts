import { describe, expect, it } from "vitest";
import type { OrgSpan } from "../progress/load";
import { buildSeries, type SeriesEvent } from "../progress/series";
import { groupByOrg, nameIndex, orgSeries as seriesOf, UNKNOWN_ORG, type FoundationOrgInputs } from "./org-series";

const DAY = 86_400_000;
const T0 = Date.parse("2026-03-01T08:00:00Z");
const at = (day: number) => T0 + day * DAY;
const snaps = (days: number[]) => days.map((d, i) => ({ id: i + 1, capturedMs: at(d) }));
const span = (app: string, org: string | null, from: number, to: number, privileged = true): OrgSpan => ({ app, org, fromMs: at(from), toMs: at(to), privileged });
const restaged = (app: string, day: number): SeriesEvent => ({ app, atMs: at(day) - DAY / 2, action: "mark_restaged", toStatus: "restaged", expiresMs: null });

function foundation(name: string, days: number[], spans: OrgSpan[], events: SeriesEvent[], names: [string, string | null][]): FoundationOrgInputs {
  const groups = groupByOrg(spans, events);
  return { foundation: name, snapshots: snaps(days), groups, byName: nameIndex(new Map(names), groups) };
}

const orgSeries = (fleet: FoundationOrgInputs[], names: string[]) => names.map((n) => seriesOf(fleet, n));

// east: acme (guid e-acme) has two privileged apps, one restaged on day 1 and fixed by day 2; payments one app.
const east = foundation(
  "east",
  [0, 1, 2],
  [span("a1", "e-acme", 0, 1), span("a1", "e-acme", 2, 2, false), span("a2", "e-acme", 0, 2), span("p1", "e-pay", 0, 2)],
  [restaged("a1", 1)],
  [
    ["e-acme", "acme"],
    ["e-pay", "payments"],
  ],
);
// west, a day later: acme (another guid, same name) has one privileged app; an org known only by its guid has one.
const west = foundation(
  "west",
  [1, 2],
  [span("w1", "w-acme", 1, 2), span("x1", "w-nameless", 1, 2)],
  [],
  [
    ["w-acme", "acme"],
    ["w-nameless", null],
  ],
);

const privileged = (s: { points: { privilegedApps: number }[] }) => s.points.map((p) => p.privilegedApps);

describe("orgSeries", () => {
  it("adds up an org name's apps over the foundations that have it", () => {
    const [acme] = orgSeries([east, west], ["acme"]);
    expect(acme!.foundations).toEqual(["east", "west"]);
    expect(acme!.points.map((p) => p.capturedMs)).toEqual([at(0), at(1), at(2)]);
    // day 0: east's two; day 1: east's two and west's one; day 2: a1 unprivileged, so east's a2 and west's w1
    expect(privileged(acme!)).toEqual([2, 3, 2]);
    expect(acme!.points.map((p) => p.statuses.untriaged)).toEqual([2, 2, 2]);
    expect(acme!.points[1]!.statuses.restaged).toBe(1);
    expect(acme!.points[2]!.statuses.migrated).toBe(1);
  });

  it("takes an org on one foundation only from that foundation, with that foundation's capture times", () => {
    const [payments] = orgSeries([east, west], ["payments"]);
    expect(payments!.foundations).toEqual(["east"]);
    expect(privileged(payments!)).toEqual([1, 1, 1]);
  });

  it("keeps an org known only by its guid apart, named by its guid", () => {
    const [nameless] = orgSeries([east, west], ["w-nameless"]);
    expect(nameless!.foundations).toEqual(["west"]);
    expect(privileged(nameless!)).toEqual([1, 1]);
    // the name of a named org is not its guid
    expect(orgSeries([east, west], ["e-acme"])[0]!.foundations).toEqual([]);
  });

  it("answers an unknown name with no foundations and no points, and each name in the order asked", () => {
    expect(orgSeries([east, west], ["nobody", "payments"]).map((o) => [o.name, o.foundations, o.points.length])).toEqual([
      ["nobody", [], 0],
      ["payments", ["east"], 3],
    ]);
  });

  it("gives zeros at each snapshot for an org that never had a privileged app", () => {
    const quiet = foundation("east", [0, 1], [], [], [["g", "quiet"]]);
    const [q] = orgSeries([quiet], ["quiet"]);
    expect(q!.foundations).toEqual(["east"]);
    expect(privileged(q!)).toEqual([0, 0]);
  });
});

describe("groupByOrg", () => {
  it("puts an app with its events under the org of its newest span that names one; none: the unknown org", () => {
    const groups = groupByOrg(
      [span("a", null, 0, 0), span("a", "g1", 1, 2), span("b", null, 0, 2)],
      [restaged("a", 1), restaged("b", 1)],
    );
    expect([...groups.keys()].sort()).toEqual(["(unknown)", "g1"]);
    expect(groups.get("g1")!.spans).toHaveLength(2);
    expect(groups.get("g1")!.events.map((e) => e.app)).toEqual(["a"]);
    expect(groups.get(UNKNOWN_ORG)!.spans.map((s) => s.app)).toEqual(["b"]);
  });

  it("splits a foundation's series into org series that add up to it", () => {
    const spans = [span("a1", "e-acme", 0, 1), span("a1", "e-acme", 2, 2, false), span("a2", "e-acme", 0, 2), span("p1", "e-pay", 0, 2), span("u", null, 1, 2)];
    const events = [restaged("a1", 1)];
    const whole = buildSeries(snaps([0, 1, 2]), spans, events);
    const parts = [...groupByOrg(spans, events).values()].map((g) => buildSeries(snaps([0, 1, 2]), g.spans, g.events));
    whole.forEach((p, k) => {
      expect(parts.reduce((n, s) => n + s[k]!.privilegedApps, 0)).toBe(p.privilegedApps);
      expect(parts.reduce((n, s) => n + s[k]!.statuses.untriaged, 0)).toBe(p.statuses.untriaged);
      expect(parts.reduce((n, s) => n + s[k]!.statuses.migrated, 0)).toBe(p.statuses.migrated);
    });
  });
});
