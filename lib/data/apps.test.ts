import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appListQuery } from "@/lib/schemas/app";
import { sampleDump } from "@/lib/testing/samples";
import { ADMIN, VIEWER } from "@/lib/testing/actors";
import { migrate } from "../../scripts/migrate.mjs";
import { ingestLines } from "@/lib/testing/ingest";

// The data layer against a real SQLite file through Prisma and the raw reader, seeded by real ingests.
const dir = mkdtempSync(path.join(tmpdir(), "rr-data-"));
process.env.DATABASE_URL = `file:${path.join(dir, "data.db")}`;
const { listApps, getApp } = await import("./apps");
const { listOrgs, listSegments } = await import("./orgs");
const { listFoundations } = await import("./foundations");

const [SFTP, CHECKOUT, LEGACY] = sampleDump().toString("utf8").trim().split("\n");
const SFTP_APP = "3c2a9f6e-1b4d-4e8a-9f70-6a5b4c3d2e1f";
const CHECKOUT_APP = "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a";
const LEGACY_APP = "7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d";
const F = "prod-us-east";

const upload = (lines: string[], at: string) => ingestLines(F, lines, at);
const list = (q: Record<string, string> = {}) => listApps(VIEWER, F, appListQuery.parse(q));
const guids = async (q: Record<string, string> = {}) => (await list(q)).items.map((i) => i.guid);

beforeAll(async () => {
  migrate({ log: () => {} });
  await upload([SFTP, CHECKOUT, LEGACY], "2026-11-01T00:00:00Z");
  // a day later the legacy app is absent (stopped or deleted) and a worker process of checkout-api carries a name with `%` in it
  const worker = CHECKOUT.replace("4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8-1a2b3c4d", "11112222-3333-4444-8555-666677778888-1a2b3c4d")
    .replace('"process_type":{"static":"web"}', '"process_type":{"static":"worker"}')
    .replace('"app_name":{"static":"checkout-api"}', '"app_name":{"static":"checkout-100%"}')
    .replace('"annotation":"1748950011.204455"', '"annotation":"1800000000.0"');
  await upload([SFTP, CHECKOUT, worker], "2026-11-02T00:00:00Z");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the data layer checks the caller itself", () => {
  it("refuses an anonymous caller with 401, whatever the route in front of it checked", async () => {
    const anonymous = { ...VIEWER, userId: null, via: "anonymous" as const };
    await expect(listApps(anonymous, F, appListQuery.parse({}))).rejects.toMatchObject({ status: 401 });
    await expect(listOrgs(anonymous, F)).rejects.toMatchObject({ status: 401 });
    await expect(listFoundations(anonymous)).rejects.toMatchObject({ status: 401 });
    await expect(getApp(F, "3c2a9f6e-1b4d-4e8a-9f70-6a5b4c3d2e1f", anonymous)).rejects.toMatchObject({ status: 401 });
  });
});

describe("listApps", () => {
  it("lists the latest snapshot's apps with the contract's fields, absent apps only on request", async () => {
    const all = await list();
    expect(all.total).toBe(2);
    const checkout = all.items.find((i) => i.guid === CHECKOUT_APP)!;
    expect(checkout).toMatchObject({
      name: "checkout-100%",
      org: { name: "acme-prod" },
      space: { name: "payments" },
      privileged: false,
      status: null,
      segment: "shared",
      instances: 6,
      processes: [
        { type: "web", lrps: 1, instances: 3, privileged: false },
        { type: "worker", lrps: 1, instances: 3, privileged: false },
      ],
      present: true,
      absentSince: null,
    });
    // absence is not a status: the legacy app keeps `untriaged`, absent since the second snapshot
    const absent = await list({ present: "false" });
    expect(absent.items).toEqual([expect.objectContaining({ guid: LEGACY_APP, status: "untriaged", present: false, absentSince: "2026-11-02T00:00:00Z" })]);
    expect(await guids({ present: "all", sort: "name" })).toEqual([LEGACY_APP, CHECKOUT_APP, SFTP_APP]);
    expect(await guids({ present: "all", status: "untriaged", sort: "name" })).toEqual([LEGACY_APP, SFTP_APP]);
    expect(await guids({ status: "untriaged" })).toEqual([SFTP_APP]);
  });

  it("filters by privilege, segment, risk, status and text", async () => {
    expect(await guids({ privileged: "true" })).toEqual([SFTP_APP]);
    expect(await guids({ privileged: "false" })).toEqual([CHECKOUT_APP]);
    expect(await guids({ segment: "persistent_isolation_segment" })).toEqual([SFTP_APP]);
    expect(await guids({ segment: "shared" })).toEqual([CHECKOUT_APP]);
    expect(await guids({ risk: "true" })).toEqual([SFTP_APP]);
    expect(await guids({ status: "untriaged" })).toEqual([SFTP_APP]);
    expect(await guids({ q: "SFTP" })).toEqual([SFTP_APP]);
    expect(await guids({ q: "100%" })).toEqual([CHECKOUT_APP]);
    expect(await guids({ q: "1_0" })).toEqual([]);
    expect(await guids({ q: "payments" })).toHaveLength(2);
  });

  it("finds org and space by guid or exact name, the space within the org", async () => {
    expect(await guids({ org: "acme-prod", space: "payments", sort: "name" })).toEqual([CHECKOUT_APP, SFTP_APP]);
    expect(await guids({ org: "6f1c2f0e-8d5b-4f5e-9a43-2b7f0c1d9e11" })).toHaveLength(2);
    expect(await guids({ org: "ACME-PROD" })).toEqual([]);
    expect(await guids({ org: "acme-legacy", space: "payments" })).toEqual([]);
  });

  it("sorts and paginates on the server", async () => {
    expect(await guids({ sort: "instances", dir: "desc" })).toEqual([CHECKOUT_APP, SFTP_APP]);
    expect(await guids({ sort: "name", dir: "desc" })).toEqual([SFTP_APP, CHECKOUT_APP]);
    const page2 = await list({ pageSize: "1", page: "2", sort: "name" });
    expect(page2).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(page2.items.map((i) => i.guid)).toEqual([SFTP_APP]);
    expect((await list({ page: "9" })).items).toEqual([]);
  });
});

describe("getApp", () => {
  it("gives the LRPs of the latest snapshot, the history over every snapshot and the events", async () => {
    const legacy = await getApp(F, LEGACY_APP, ADMIN);
    expect(legacy).toMatchObject({ name: LEGACY_APP, status: "untriaged", lrps: [], present: false, absentSince: "2026-11-02T00:00:00Z" });
    expect(legacy.history.map((h) => [h.present, h.privileged])).toEqual([
      [true, true],
      [false, false],
    ]);
    expect(legacy.events.map((e) => [e.action, e.actor, e.at])).toEqual([["detected", "snapshot 1", "2026-11-01T00:00:00Z"]]);
    expect(legacy.allowedActions).toEqual(["start_test", "needs_privilege", "request_waiver", "mark_restaged"]);
    const sftp = await getApp(F, SFTP_APP, ADMIN);
    expect(sftp.lrps).toEqual([
      expect.objectContaining({ processType: "web", instances: 2, memoryMb: 512, diskMb: 1024, rootfs: "cflinuxfs4", privileged: true, placementTags: ["persistent_isolation_segment"] }),
    ]);
    expect(sftp.riskHints).toEqual([{ kind: "command", keyword: "mount" }]);
    await expect(getApp(F, "nope", ADMIN)).rejects.toMatchObject({ status: 404 });
    await expect(getApp("unknown-foundation", SFTP_APP, ADMIN)).rejects.toMatchObject({ status: 404 });
  });
});

describe("orgs, segments and foundations", () => {
  it("counts per org and space of the latest snapshot, naming unknown ones by guid", async () => {
    const orgs = await listOrgs(VIEWER, F);
    expect(orgs).toEqual([
      expect.objectContaining({
        name: "acme-prod",
        apps: 2,
        privilegedApps: 1,
        privilegedInstances: 2,
        spaces: [expect.objectContaining({ name: "payments", apps: 2, privilegedApps: 1 })],
      }),
    ]);
    expect(await listSegments(VIEWER, F)).toEqual([
      { name: "persistent_isolation_segment", apps: 1, privilegedApps: 1, privilegedInstances: 2 },
      { name: "shared", apps: 1, privilegedApps: 0, privilegedInstances: 0 },
    ]);
    const [f] = await listFoundations(VIEWER);
    expect(f).toMatchObject({ name: F, apps: 2, privilegedApps: 1, privilegedInstances: 2, snapshots: 2, latestSnapshot: { capturedAt: "2026-11-02T00:00:00Z" } });
  });
});
