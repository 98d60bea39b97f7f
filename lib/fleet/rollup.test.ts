import { describe, expect, it } from "vitest";
import { findOrg, orgTargetDate, overdueOn, percentMigrated, rollUpOrgs, searchOrgs, type FoundationOrg, type OrgCounts } from "./rollup";

const org = (guid: string, name: string | null, apps: number, privilegedApps: number, migratedApps: number): FoundationOrg => ({ guid, name, apps, privilegedApps, migratedApps });

describe("rollUpOrgs", () => {
  it("merges the same org name from two foundations into one row with a cell per foundation and a total", () => {
    const rows = rollUpOrgs([
      { foundation: "prod-us-east", orgs: [org("g1", "acme-prod", 10, 3, 2), org("g2", "payments", 4, 0, 1)] },
      { foundation: "prod-eu", orgs: [org("g9", "acme-prod", 6, 1, 4)] },
    ]);
    expect(rows.map((r) => r.name)).toEqual(["acme-prod", "payments"]);
    expect(rows[0]).toEqual({
      name: "acme-prod",
      named: true,
      foundations: { "prod-us-east": { apps: 10, privilegedApps: 3, migratedApps: 2 }, "prod-eu": { apps: 6, privilegedApps: 1, migratedApps: 4 } },
      total: { apps: 16, privilegedApps: 4, migratedApps: 6 },
    });
    expect(rows[1]!.foundations).toEqual({ "prod-us-east": { apps: 4, privilegedApps: 0, migratedApps: 1 } });
  });

  it("keeps names that differ only in case apart, as Cloud Foundry does", () => {
    const rows = rollUpOrgs([
      { foundation: "a", orgs: [org("g1", "Acme", 1, 1, 0)] },
      { foundation: "b", orgs: [org("g2", "acme", 1, 1, 0)] },
    ]);
    expect(rows.map((r) => r.name).sort()).toEqual(["Acme", "acme"]);
  });

  it("never merges unnamed orgs across foundations, not even the unknown org", () => {
    const rows = rollUpOrgs([
      { foundation: "a", orgs: [org("(unknown)", null, 2, 2, 0), org("6f1c", null, 1, 1, 0)] },
      { foundation: "b", orgs: [org("(unknown)", null, 3, 3, 0), org("6f1c", null, 1, 1, 0)] },
    ]);
    expect(rows).toHaveLength(4);
    expect(rows.every((r) => !r.named && Object.keys(r.foundations).length === 1)).toBe(true);
  });

  it("adds two orgs of one foundation that carry the same name into one cell", () => {
    const [row] = rollUpOrgs([{ foundation: "a", orgs: [org("g1", "acme", 2, 1, 0), org("g2", "acme", 3, 0, 2)] }]);
    expect(row!.foundations.a).toEqual({ apps: 5, privilegedApps: 1, migratedApps: 2 });
  });

  it("ranks by privileged apps remaining, then migrated, then name", () => {
    const rows = rollUpOrgs([{ foundation: "a", orgs: [org("1", "b", 1, 0, 1), org("2", "c", 1, 1, 0), org("3", "a", 1, 0, 1), org("4", "d", 5, 0, 0)] }]);
    expect(rows.map((r) => r.name)).toEqual(["c", "a", "b", "d"]);
  });
});

describe("percentMigrated and searchOrgs", () => {
  it("counts migrated against those that needed migrating; none needed: no figure", () => {
    expect(percentMigrated({ apps: 100, privilegedApps: 3, migratedApps: 1 })).toBe(25);
    expect(percentMigrated({ apps: 100, privilegedApps: 0, migratedApps: 2 })).toBe(100);
    expect(percentMigrated({ apps: 100, privilegedApps: 0, migratedApps: 0 })).toBeNull();
  });

  it("finds rows by part of the name, ignoring case", () => {
    const rows = rollUpOrgs([{ foundation: "a", orgs: [org("1", "Acme-Prod", 1, 1, 0), org("2", "other", 1, 0, 0)] }]);
    expect(searchOrgs(rows, "acme").map((r) => r.name)).toEqual(["Acme-Prod"]);
    expect(searchOrgs(rows, undefined)).toHaveLength(2);
  });
});

describe("overdueOn and orgTargetDate", () => {
  const cells: Record<string, OrgCounts> = {
    east: { apps: 4, privilegedApps: 2, migratedApps: 1 },
    west: { apps: 3, privilegedApps: 0, migratedApps: 3 },
    north: { apps: 1, privilegedApps: 1, migratedApps: 0 },
  };
  const targets = new Map<string, string | null>([
    ["east", "2026-03-01"],
    ["west", "2026-02-01"],
    ["north", "2026-06-01"],
  ]);
  const march2 = Date.parse("2026-03-02T00:00:00Z");

  it("is overdue on a foundation whose target day is over with the org's privileged apps still there", () => {
    expect(overdueOn(cells, targets, march2)).toEqual(["east"]);
    // the day of the target itself is not over yet
    expect(overdueOn(cells, targets, march2 - 1)).toEqual([]);
  });

  it("is not overdue where the org has nothing left, nor where no target is set", () => {
    // west's target passed long ago, but the org migrated everything there
    expect(overdueOn({ west: cells.west! }, targets, march2)).toEqual([]);
    expect(overdueOn(cells, new Map([["east", null]]), march2)).toEqual([]);
    expect(overdueOn(cells, new Map(), march2)).toEqual([]);
  });

  it("works to the earliest target where privileged apps remain, else the earliest of all", () => {
    expect(orgTargetDate(cells, targets)).toBe("2026-03-01");
    expect(orgTargetDate({ west: cells.west! }, targets)).toBe("2026-02-01");
    expect(orgTargetDate(cells, new Map())).toBeNull();
  });
});

describe("findOrg", () => {
  it("finds a named org's row, and adds up foundations' rows of the unknown org", () => {
    const rows = rollUpOrgs([
      { foundation: "a", orgs: [org("g1", "acme", 2, 1, 0), org("(unknown)", null, 2, 2, 0)] },
      { foundation: "b", orgs: [org("g2", "acme", 1, 0, 1), org("(unknown)", null, 1, 1, 0)] },
    ]);
    expect(findOrg(rows, "acme")!.total).toEqual({ apps: 3, privilegedApps: 1, migratedApps: 1 });
    expect(findOrg(rows, "(unknown)")).toMatchObject({ foundations: { a: { apps: 2 }, b: { apps: 1 } }, total: { apps: 3, privilegedApps: 3 } });
    expect(findOrg(rows, "nobody")).toBeNull();
  });
});
