import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appEventBody, type AppEventBody } from "@/lib/schemas/app-event";
import { fleetProgressQuery, rollupQuery } from "@/lib/schemas/fleet";
import { ADMIN, VIEWER } from "@/lib/testing/actors";
import { sampleDump } from "@/lib/testing/samples";
import { migrate } from "../../scripts/migrate.mjs";
import { ingestLines } from "@/lib/testing/ingest";

// Org series, overdue orgs and the org page's data against a real SQLite file, seeded by real ingests.
const dir = mkdtempSync(path.join(tmpdir(), "rr-org-progress-"));
process.env.DATABASE_URL = `file:${path.join(dir, "data.db")}`;
const { getFleetProgress, setTargetDate } = await import("./progress");
const { getOrgProgress } = await import("./org-progress");
const { pageOrgRollup } = await import("./fleet");
const { actOnApp } = await import("./workflow");

const [SFTP, CHECKOUT, LEGACY] = sampleDump().toString("utf8").trim().split("\n") as [string, string, string];
const SFTP_APP = "3c2a9f6e-1b4d-4e8a-9f70-6a5b4c3d2e1f";
const DAY = 86_400_000;
const NOW = Date.parse("2026-11-10T00:00:00Z");

const upload = ingestLines;

beforeAll(async () => {
  migrate({ log: () => {} });
  // east: acme-prod's sftp app is restaged, then seen unprivileged (migrated); west, in between: acme-prod as it was
  await upload("east", [SFTP, CHECKOUT, LEGACY], "2026-11-01T00:00:00Z");
  await actOnApp("east", SFTP_APP, ADMIN, appEventBody.parse({ action: "mark_restaged" }) as AppEventBody);
  await upload("west", [SFTP, CHECKOUT], "2026-11-02T00:00:00Z");
  await upload("east", [SFTP.replace('"privileged":true', '"privileged":false'), CHECKOUT, LEGACY], "2026-11-03T00:00:00Z");
  // west's target has passed with acme-prod's sftp app still privileged there; east's is ahead
  await setTargetDate(ADMIN, "west", "2026-11-05", null);
  await setTargetDate(ADMIN, "east", "2026-12-31", null);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const privileged = (points: { privilegedApps: number }[]) => points.map((p) => p.privilegedApps);

describe("GET /api/progress orgs", () => {
  it("sums an org name's series over the foundations that have it", async () => {
    const { orgs } = await getFleetProgress(VIEWER, fleetProgressQuery.parse({ org: "acme-prod" }));
    expect(orgs).toHaveLength(1);
    expect(orgs[0]).toMatchObject({ name: "acme-prod", foundations: ["east", "west"] });
    expect(orgs[0]!.points.map((p) => p.capturedAt.slice(0, 10))).toEqual(["2026-11-01", "2026-11-02", "2026-11-03"]);
    // east's sftp app, then west's too, then only west's: east's was migrated
    expect(privileged(orgs[0]!.points)).toEqual([1, 2, 1]);
    expect(orgs[0]!.points[2]!.statuses).toMatchObject({ migrated: 1, untriaged: 1 });
  });

  it("keeps an org known only by its guid apart from the named one", async () => {
    const { orgs } = await pageOrgRollup(VIEWER, rollupQuery.parse({}));
    const nameless = orgs.find((o) => o.name !== "acme-prod")!;
    const [series] = (await getFleetProgress(VIEWER, fleetProgressQuery.parse({ org: nameless.name }))).orgs;
    expect(series!.foundations).toEqual(["east"]);
    expect(privileged(series!.points)).toEqual([1, 1]);
  });

  it("sends the orgs with the most privileged apps now by default, and several orgs by a repeated parameter", async () => {
    const byDefault = await getFleetProgress(VIEWER);
    expect(byDefault.orgs.map((o) => o.name)[0]).toBe("acme-prod");
    expect(byDefault.orgs).toHaveLength(2);
    const asked = await getFleetProgress(VIEWER, fleetProgressQuery.parse({ org: ["nobody", "acme-prod", "nobody"] }));
    expect(asked.orgs.map((o) => [o.name, o.foundations.length])).toEqual([
      ["nobody", 0],
      ["acme-prod", 2],
    ]);
  });

  it("bounds the org parameter", () => {
    expect(fleetProgressQuery.safeParse({ org: Array.from({ length: 51 }, (_, i) => `org-${i}`) }).success).toBe(false);
    expect(fleetProgressQuery.safeParse({ org: "" }).success).toBe(false);
  });
});

describe("overdue orgs", () => {
  it("marks an org with privileged apps on a foundation past its target date, on that foundation only", async () => {
    const { orgs } = await pageOrgRollup(VIEWER, rollupQuery.parse({}), NOW);
    expect(orgs.find((o) => o.name === "acme-prod")).toMatchObject({ overdue: true, overdueOn: ["west"] });
    expect(orgs.find((o) => o.name !== "acme-prod")).toMatchObject({ overdue: false, overdueOn: [] });
    // before west's target day is over, nobody is overdue
    expect((await pageOrgRollup(VIEWER, rollupQuery.parse({}), Date.parse("2026-11-05T12:00:00Z"))).orgs.every((o) => !o.overdue)).toBe(true);
  });

  it("filters the roll-up to overdue orgs, or to the others", async () => {
    const overdue = await pageOrgRollup(VIEWER, rollupQuery.parse({ overdue: "true" }), NOW);
    expect(overdue.orgs.map((o) => o.name)).toEqual(["acme-prod"]);
    expect(overdue.total).toBe(1);
    const others = await pageOrgRollup(VIEWER, rollupQuery.parse({ overdue: "false" }), NOW);
    expect(others.orgs.map((o) => o.name)).not.toContain("acme-prod");
  });
});

describe("getOrgProgress", () => {
  it("gives the org's counts per foundation, its target and overdue status, and its summed burndown", async () => {
    const org = await getOrgProgress(VIEWER, "acme-prod", NOW);
    expect(org).toMatchObject({
      name: "acme-prod",
      total: { apps: 4, privilegedApps: 1, migratedApps: 1 },
      overdue: true,
      targetDate: "2026-11-05",
      foundations: [
        { name: "east", counts: { apps: 2, privilegedApps: 0, migratedApps: 1 }, targetDate: "2026-12-31", overdue: false, appsOrg: "acme-prod" },
        { name: "west", counts: { apps: 2, privilegedApps: 1, migratedApps: 0 }, targetDate: "2026-11-05", overdue: true, appsOrg: "acme-prod" },
      ],
    });
    expect(privileged(org.points)).toEqual([1, 2, 1]);
    expect(org.projection.kind).not.toBe("done");
  });

  it("is not found for a name no foundation has, and refuses an anonymous caller", async () => {
    await expect(getOrgProgress(VIEWER, "nobody")).rejects.toMatchObject({ status: 404 });
    await expect(getOrgProgress({ ...VIEWER, userId: null, via: "anonymous" }, "acme-prod")).rejects.toMatchObject({ status: 401 });
  });

  it("sees an upload since its last read", async () => {
    await upload("west", [SFTP.replace('"privileged":true', '"privileged":false'), CHECKOUT], new Date(Date.parse("2026-11-03T00:00:00Z") + DAY).toISOString());
    const org = await getOrgProgress(VIEWER, "acme-prod", NOW);
    expect(privileged(org.points)).toEqual([1, 2, 1, 0]);
    expect(org.overdue).toBe(false);
  });
});
