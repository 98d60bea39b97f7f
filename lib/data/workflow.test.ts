import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appListQuery } from "@/lib/schemas/app";
import { appEventBody, type AppEventBody } from "@/lib/schemas/app-event";
import { ADMIN, OTHER_ADMIN, owner, VIEWER } from "@/lib/testing/actors";
import { sampleDump } from "@/lib/testing/samples";
import { migrate } from "../../scripts/migrate.mjs";
import { ingestLines } from "@/lib/testing/ingest";

// The workflow service end to end: the route's body schema, the writer worker, the state machine, the reads.
const dir = mkdtempSync(path.join(tmpdir(), "rr-workflow-"));
process.env.DATABASE_URL = `file:${path.join(dir, "data.db")}`;
const { actOnApp } = await import("./workflow");
const { getApp, listApps } = await import("./apps");
const { myApps } = await import("./my-apps");
const { readDb, sqliteDate } = await import("@/lib/db/sqlite");

const [SFTP, CHECKOUT, LEGACY] = sampleDump().toString("utf8").trim().split("\n") as [string, string, string];
const SFTP_APP = "3c2a9f6e-1b4d-4e8a-9f70-6a5b4c3d2e1f";
const LEGACY_APP = "7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d";
const ACME = "6f1c2f0e-8d5b-4f5e-9a43-2b7f0c1d9e11";
const PAYMENTS = "0b9e7c44-3a2d-4c1e-b6a5-5d8f1e2a7c30";
const F = "prod-us-east";

const OWNER = owner([{ foundation: F, orgGuid: ACME, spaceGuid: PAYMENTS }]);
const STRANGER = owner([{ foundation: F, orgGuid: "some-other-org", spaceGuid: null }], "u-stranger");

const unprivileged = (line: string) =>
  line.replace('"privileged":true', '"privileged":false').replace(/("process_guid":"[0-9a-f-]{36})-[0-9a-f-]{36}/, `$1-ffffffff-0000-4000-8000-000000000001`);

const upload = async (lines: string[], at: string) => (await ingestLines(F, lines, at)).snapshot;
const act = (actor = OWNER, body: Record<string, unknown>, guid = SFTP_APP) => actOnApp(F, guid, actor, appEventBody.parse(body) as AppEventBody);
const eventsOf = (guid: string) =>
  readDb()
    .prepare(`SELECT e.action, e.actor, e.userId, e.fromStatus, e.toStatus, e.note, e.details, e.at FROM AppEvent e JOIN App a ON a.id = e.appId WHERE a.guid = ? ORDER BY e.id`)
    .all(guid) as { action: string; actor: string; userId: string | null; fromStatus: string | null; toStatus: string | null; note: string | null; details: string | null; at: string }[];

beforeAll(async () => {
  migrate({ log: () => {} });
  await upload([SFTP, CHECKOUT, LEGACY], "2026-11-01T00:00:00Z");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("my apps", () => {
  const untriaged = async (actor: Parameters<typeof myApps>[0]) => (await myApps(actor)).groups.find((g) => g.group === "untriaged")!.apps.map((a) => a.guid);

  it("lists an owner's apps needing action within their scope, every app for an admin, none for a viewer", async () => {
    expect(await untriaged(OWNER)).toEqual([SFTP_APP]);
    expect((await myApps(OWNER)).scope).toBe("scope");
    expect(await untriaged(STRANGER)).toEqual([]);
    expect(await untriaged(ADMIN)).toEqual([LEGACY_APP, SFTP_APP]);
    expect((await myApps(ADMIN)).scope).toBe("all");
    expect(await myApps(VIEWER)).toMatchObject({ scope: "none" });
    expect(await untriaged(VIEWER)).toEqual([]);
  });
});

describe("POST events", () => {
  it("takes an owner's test push and sign-off, each an event with the actor, and offers what comes next", async () => {
    expect(await act(OWNER, { action: "start_test", testOrg: "sandbox", testSpace: "rootless", testApp: "sftp-test" })).toMatchObject({ status: "testing" });
    const app = await getApp(F, SFTP_APP, OWNER);
    expect(app.workflow.test).toEqual({ org: "sandbox", space: "rootless", app: "sftp-test" });
    expect(app.allowedActions).toEqual(["start_test", "verify", "needs_privilege", "request_waiver", "mark_restaged"]);
    expect((await getApp(F, SFTP_APP, ADMIN)).allowedActions).toContain("reopen");
    expect((await getApp(F, SFTP_APP, VIEWER)).allowedActions).toEqual([]);
    expect(await act(OWNER, { action: "verify", note: "mounts work", version: app.workflow.version })).toMatchObject({ status: "verified" });
    expect(eventsOf(SFTP_APP).slice(-2)).toEqual([
      expect.objectContaining({ action: "start_test", actor: OWNER.name, userId: OWNER.userId, fromStatus: "untriaged", toStatus: "testing", details: JSON.stringify({ testOrg: "sandbox", testSpace: "rootless", testApp: "sftp-test" }) }),
      expect.objectContaining({ action: "verify", actor: OWNER.name, fromStatus: "testing", toStatus: "verified", note: "mounts work" }),
    ]);
    // the timeline: newest first
    expect((await getApp(F, SFTP_APP, OWNER)).events.map((e) => e.action)).toEqual(["verify", "start_test", "detected"]);
  });

  it("answers 403 outside role or scope, 404 for an unknown app, 409 with the allowed actions, 400 for a waiver in the past", async () => {
    await expect(act(STRANGER, { action: "needs_privilege", note: "x" })).rejects.toMatchObject({ status: 403 });
    await expect(act(VIEWER, { action: "needs_privilege", note: "x" })).rejects.toMatchObject({ status: 403 });
    await expect(act(OWNER, { action: "reopen" })).rejects.toMatchObject({ status: 403 });
    await expect(act(OWNER, { action: "verify" }, "no-such-app")).rejects.toMatchObject({ status: 404, message: "app not found" });
    await expect(act(OWNER, { action: "verify" })).rejects.toMatchObject({
      status: 409,
      details: { allowed: ["needs_privilege", "request_waiver", "mark_restaged"] },
    });
    await expect(act(OWNER, { action: "request_waiver", note: "x", expiresAt: "2020-01-01T00:00:00Z" })).rejects.toMatchObject({ status: 400 });
    expect(appEventBody.safeParse({ action: "needs_privilege" }).success).toBe(false);
    expect(appEventBody.safeParse({ action: "needs_privilege", note: "   " }).success).toBe(false);
    expect(appEventBody.safeParse({ action: "start_test", testOrg: "a", testSpace: "b" }).success).toBe(false);
    expect(appEventBody.safeParse({ action: "launch" }).success).toBe(false);
  });

  it("lets exactly one of two conflicting updates through: the other gets 409 and the log one event", async () => {
    const { version } = (await getApp(F, SFTP_APP, ADMIN)).workflow;
    const before = eventsOf(SFTP_APP).length;
    const results = await Promise.allSettled([
      act(OWNER, { action: "needs_privilege", note: "FUSE", version }),
      act(ADMIN, { action: "mark_restaged", version }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason.status)).toEqual([409]);
    expect(eventsOf(SFTP_APP)).toHaveLength(before + 1);
  });
});

describe("waivers", () => {
  it("is requested, never approved by its requester, approved by an admin, and lapses back to the earlier status, flagged", async () => {
    const status = (await getApp(F, LEGACY_APP, ADMIN)).status;
    expect(status).toBe("untriaged");
    await act(ADMIN, { action: "needs_privilege", note: "kernel module" }, LEGACY_APP);
    // a waiver that lapses in three seconds: reads notice when its time has come, with no write to tell them
    const expiresMs = Math.ceil((Date.now() + 3000) / 1000) * 1000;
    await act(ADMIN, { action: "request_waiver", note: "vendor fix in Q1", expiresAt: new Date(expiresMs).toISOString() }, LEGACY_APP);
    expect((await getApp(F, LEGACY_APP, ADMIN)).status).toBe("needs_privilege");
    await expect(act(ADMIN, { action: "approve_waiver" }, LEGACY_APP)).rejects.toMatchObject({ status: 403 });
    expect(await act(OTHER_ADMIN, { action: "approve_waiver", note: "ok" }, LEGACY_APP)).toMatchObject({ status: "waived" });
    expect((await listApps(VIEWER, F, appListQuery.parse({ status: "waived" }))).items.map((i) => i.guid)).toEqual([LEGACY_APP]);

    await new Promise((resolve) => setTimeout(resolve, expiresMs - Date.now() + 20));
    expect((await listApps(VIEWER, F, appListQuery.parse({ status: "waived" }))).items).toEqual([]);
    const app = await getApp(F, LEGACY_APP, ADMIN);
    expect(app).toMatchObject({ status: "needs_privilege", workflow: { waiverExpired: true, waiverExpiresAt: null } });
    // the read asked the writer to record the expiry
    await expect.poll(() => eventsOf(LEGACY_APP).at(-1), { timeout: 5000 }).toMatchObject({
      action: "waiver_expired",
      actor: "waiver expiry",
      fromStatus: "waived",
      toStatus: "needs_privilege",
      at: sqliteDate(new Date(expiresMs)),
    });
  });
});

describe("snapshots confirm", () => {
  it("migrates a restaged app with the snapshot as actor, keeps statuses through absence, and ignores a back-filled dump", async () => {
    const sftp = await getApp(F, SFTP_APP, ADMIN);
    // whichever of the two conflicting updates won
    if (sftp.status === "needs_privilege") await act(ADMIN, { action: "reopen", note: "try the restage" });
    if (sftp.status !== "restaged") await act(ADMIN, { action: "mark_restaged" });
    const stopped = await upload([SFTP, CHECKOUT], "2026-11-02T00:00:00Z");
    expect((await getApp(F, LEGACY_APP, ADMIN)).status).toBe("needs_privilege");
    const back = await upload([unprivileged(SFTP), CHECKOUT, LEGACY], "2026-11-03T00:00:00Z");
    expect((await getApp(F, LEGACY_APP, ADMIN)).status).toBe("needs_privilege");
    expect(eventsOf(LEGACY_APP).filter((e) => e.actor === `snapshot ${stopped.id}`)).toEqual([]);
    const migrated = eventsOf(SFTP_APP).at(-1);
    expect(migrated).toMatchObject({ action: "migrated", actor: `snapshot ${back.id}`, fromStatus: "restaged", toStatus: "migrated", at: "2026-11-03T00:00:00.000+00:00" });
    // an older dump, still privileged, arrives late: history grows, the status stays
    await upload([SFTP, CHECKOUT, LEGACY], "2026-10-31T00:00:00Z");
    expect((await getApp(F, SFTP_APP, ADMIN)).status).toBe("migrated");
    expect(eventsOf(SFTP_APP).at(-1)).toEqual(migrated);
  });
});
