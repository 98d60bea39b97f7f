import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appEventBody, type AppEventBody } from "@/lib/schemas/app-event";
import { rollupQuery, stuckQuery } from "@/lib/schemas/fleet";
import { ADMIN, VIEWER } from "@/lib/testing/actors";
import { sampleDump } from "@/lib/testing/samples";
import { migrate } from "../../scripts/migrate.mjs";
import { ingestLines } from "@/lib/testing/ingest";

// The roll-up and who-is-stuck reads against a real SQLite file, seeded by real ingests and workflow actions.
const dir = mkdtempSync(path.join(tmpdir(), "rr-fleet-"));
process.env.DATABASE_URL = `file:${path.join(dir, "data.db")}`;
const { pageOrgRollup, listStuck } = await import("./fleet");
const { actOnApp } = await import("./workflow");
const { openSqlite } = await import("@/lib/db/sqlite");

const [SFTP, CHECKOUT, LEGACY] = sampleDump().toString("utf8").trim().split("\n") as [string, string, string];
const SFTP_APP = "3c2a9f6e-1b4d-4e8a-9f70-6a5b4c3d2e1f";
const ACME = "6f1c2f0e-8d5b-4f5e-9a43-2b7f0c1d9e11";
const DAY = 86_400_000;

const upload = ingestLines;

beforeAll(async () => {
  migrate({ log: () => {} });
  await upload("east", [SFTP, CHECKOUT, LEGACY], "2026-11-01T00:00:00Z");
  await upload("west", [SFTP, CHECKOUT, LEGACY], "2026-11-01T00:00:00Z");
  // on east the sftp app is under test; on west an owner of acme-prod is assigned
  await actOnApp("east", SFTP_APP, ADMIN, appEventBody.parse({ action: "start_test", testOrg: "sandbox", testSpace: "rootless", testApp: "x" }) as AppEventBody);
  const db = openSqlite();
  db.prepare(`INSERT INTO User (id, name, email, role) VALUES ('u-acme', 'Acme', 'acme@example.com', 'owner')`).run();
  db.prepare(`INSERT INTO OwnerAssignment (userId, foundationId, orgGuid, createdBy) SELECT 'u-acme', id, ?, 'test' FROM Foundation WHERE name = 'west'`).run(ACME);
  db.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("pageOrgRollup", () => {
  it("shows acme-prod once with both foundations as columns; the unnamed org stays one row per foundation", async () => {
    const page = await pageOrgRollup(VIEWER, rollupQuery.parse({}));
    expect(page.foundations).toEqual(["east", "west"]);
    const acme = page.orgs.filter((o) => o.name === "acme-prod");
    expect(acme).toEqual([
      {
        name: "acme-prod",
        foundations: { east: { apps: 2, privilegedApps: 1, migratedApps: 0 }, west: { apps: 2, privilegedApps: 1, migratedApps: 0 } },
        total: { apps: 4, privilegedApps: 2, migratedApps: 0 },
        overdue: false,
        overdueOn: [],
      },
    ]);
    const unnamed = page.orgs.filter((o) => o.name !== "acme-prod");
    expect(unnamed.map((o) => Object.keys(o.foundations))).toEqual([["east"], ["west"]]);
    expect(page.total).toBe(3);
  });

  it("pages and searches", async () => {
    const second = await pageOrgRollup(VIEWER, rollupQuery.parse({ page: "2", pageSize: "1" }));
    expect(second).toMatchObject({ total: 3, page: 2, pageSize: 1 });
    expect(second.orgs).toHaveLength(1);
    const found = await pageOrgRollup(VIEWER, rollupQuery.parse({ q: "ACME" }));
    expect(found.orgs.map((o) => o.name)).toEqual(["acme-prod"]);
  });

  it("refuses an anonymous caller", async () => {
    await expect(pageOrgRollup({ ...VIEWER, userId: null, via: "anonymous" }, rollupQuery.parse({}))).rejects.toMatchObject({ status: 401 });
    await expect(listStuck({ ...VIEWER, userId: null, via: "anonymous" }, stuckQuery.parse({}))).rejects.toMatchObject({ status: 401 });
  });
});

describe("listStuck", () => {
  it("lists untriaged apps by org and owner; the test push counts only once it is 15 days old", async () => {
    const now = await listStuck(VIEWER, stuckQuery.parse({}));
    // east: the unnamed legacy app (the sftp app is testing); west: both privileged apps
    expect(now.total).toBe(3);
    expect(now.orgs.find((o) => o.name === "acme-prod")).toMatchObject({ total: 1, counts: { untriaged: 1, testing_stalled: 0 }, apps: [{ foundation: "west" }] });
    expect(now.owners).toEqual([expect.objectContaining({ name: "acme@example.com", total: 1 })]);
    expect(now.unowned.total).toBe(2);

    const later = await listStuck(VIEWER, stuckQuery.parse({}), Date.now() + 15 * DAY);
    expect(later.total).toBe(4);
    const acme = later.orgs.find((o) => o.name === "acme-prod")!;
    expect(acme.counts).toMatchObject({ untriaged: 1, testing_stalled: 1 });
    expect(acme.apps.find((a) => a.group === "testing_stalled")).toMatchObject({ foundation: "east", name: "legacy-sftp-sync", since: expect.any(String) });
  });

  it("sees an action taken since its last read", async () => {
    const before = await listStuck(VIEWER, stuckQuery.parse({}));
    await actOnApp("west", SFTP_APP, ADMIN, appEventBody.parse({ action: "start_test", testOrg: "sandbox", testSpace: "rootless", testApp: "y" }) as AppEventBody);
    const after = await listStuck(VIEWER, stuckQuery.parse({}));
    expect(after.total).toBe(before.total - 1);
    expect(after.orgs.find((o) => o.name === "acme-prod")).toBeUndefined();
  });
});
