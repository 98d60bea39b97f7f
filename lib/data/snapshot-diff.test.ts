import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appListQuery } from "@/lib/schemas/app";
import { sampleDump } from "@/lib/testing/samples";
import { VIEWER } from "@/lib/testing/actors";
import { migrate } from "../../scripts/migrate.mjs";
import { ingestLines } from "@/lib/testing/ingest";

// Snapshot diffs and time travel over a small history built by real ingests: an app fixed then regressed, one
// absent then back.
const dir = mkdtempSync(path.join(tmpdir(), "rr-diff-"));
process.env.DATABASE_URL = `file:${path.join(dir, "data.db")}`;
const { snapshotDiff, DIFF_SQL } = await import("./snapshot-diff");
const { listApps } = await import("./apps");
const { listOrgs, pageOrgs } = await import("./orgs");
const { getFoundationProgress } = await import("./progress");
const { readDb } = await import("@/lib/db/sqlite");
const { SERIES_SQL } = await import("@/lib/progress/load");

const [SFTP, CHECKOUT, LEGACY] = sampleDump().toString("utf8").trim().split("\n") as [string, string, string];
const SFTP_APP = "3c2a9f6e-1b4d-4e8a-9f70-6a5b4c3d2e1f";
const LEGACY_APP = "7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d";
const F = "diff-test";
const unprivileged = (line: string) => line.replace('"privileged":true', '"privileged":false');

const upload = (lines: string[], at: string, foundation = F) => ingestLines(foundation, lines, at);
const ids: number[] = [];
const guids = (l: { guid: string }[]) => l.map((a) => a.guid);

beforeAll(async () => {
  migrate({ log: () => {} });
  // 1: sftp and legacy privileged; 2: sftp unprivileged (migrated), legacy gone; 3: sftp privileged again, legacy back
  for (const [lines, at] of [
    [[SFTP, CHECKOUT, LEGACY], "2026-11-01T00:00:00Z"],
    [[unprivileged(SFTP), CHECKOUT], "2026-11-02T00:00:00Z"],
    [[SFTP, CHECKOUT, LEGACY], "2026-11-03T00:00:00Z"],
  ] as const) {
    const r = await upload([...lines], at);
    ids.push(r.snapshot.id);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("snapshotDiff", () => {
  it("has no previous snapshot and nothing to list for the first one", async () => {
    const d = await snapshotDiff(VIEWER, F, ids[0]!);
    expect(d).toMatchObject({ previous: null, regressed: [], newlyPrivileged: [], fixed: [], absent: [], added: [] });
  });

  it("lists a fixed app and an absent one, with names, org and space", async () => {
    const d = await snapshotDiff(VIEWER, F, ids[1]!);
    expect(d.previous).toEqual({ id: String(ids[0]), capturedAt: "2026-11-01T00:00:00Z" });
    expect(d.fixed).toEqual([
      { guid: SFTP_APP, name: "legacy-sftp-sync", org: expect.objectContaining({ name: "acme-prod" }), space: expect.objectContaining({ name: "payments" }), privileged: false },
    ]);
    expect(d.absent).toEqual([expect.objectContaining({ guid: LEGACY_APP, privileged: true })]);
    expect([d.regressed, d.newlyPrivileged, d.added]).toEqual([[], [], []]);
  });

  it("lists a migrated app seen privileged again as regressed and newly privileged, a returning app as added", async () => {
    const d = await snapshotDiff(VIEWER, F, ids[2]!);
    expect(guids(d.regressed)).toEqual([SFTP_APP]);
    expect(guids(d.newlyPrivileged)).toEqual([SFTP_APP]);
    expect(d.added).toEqual([expect.objectContaining({ guid: LEGACY_APP, privileged: true })]);
    expect([d.fixed, d.absent]).toEqual([[], []]);
  });

  it("lists a regression that happened in a back-filled snapshot, as the burndown counts it", async () => {
    // sftp is migrated on the 2nd and still unprivileged on the 4th, the latest; the 3rd, uploaded last, shows it
    // privileged again: ingest never observes a back-filled snapshot, so it records no regression there
    const B = "diff-backfill";
    const on = async (lines: string[], day: number) => (await upload(lines, `2026-10-0${day}T00:00:00Z`, B)).snapshot.id;
    await on([SFTP, CHECKOUT], 1);
    const second = await on([unprivileged(SFTP), CHECKOUT], 2);
    const fourth = await on([unprivileged(SFTP), CHECKOUT, unprivileged(LEGACY)], 4);
    const third = await on([SFTP, CHECKOUT], 3);

    const d = await snapshotDiff(VIEWER, B, third);
    expect(d.previous?.id).toBe(String(second));
    expect(d.regressed).toEqual([expect.objectContaining({ guid: SFTP_APP, name: "legacy-sftp-sync", privileged: true })]);
    expect(guids(d.newlyPrivileged)).toEqual([SFTP_APP]);
    const after = await snapshotDiff(VIEWER, B, fourth);
    expect([guids(after.regressed), guids(after.fixed)]).toEqual([[], [SFTP_APP]]);

    const points = (await getFoundationProgress(VIEWER, B)).points;
    expect(points.map((p) => p.regressions)).toEqual([0, 0, 1, 0]);
    expect(points.find((p) => p.regressions > 0)?.snapshotId).toBe(String(third));
  });

  it("answers 404 for a snapshot of no such foundation or id, without echoing it", async () => {
    await expect(snapshotDiff(VIEWER, F, 999_999)).rejects.toMatchObject({ status: 404, message: "snapshot not found" });
    await expect(snapshotDiff(VIEWER, "no-such-foundation", ids[0]!)).rejects.toMatchObject({ status: 404, message: "foundation not found" });
  });

  it("refuses an anonymous caller", async () => {
    await expect(snapshotDiff({ ...VIEWER, userId: null, via: "anonymous" as const }, F, ids[0]!)).rejects.toMatchObject({ status: 401 });
  });

  it("reads every table through an index: a scan only of App's covering index, once per app", () => {
    // the regressions are read with the series' statements for a few apps
    const statements = { ...DIFF_SQL, appSpans: SERIES_SQL.appSpans, appEvents: SERIES_SQL.appEvents, snapshots: SERIES_SQL.snapshots };
    for (const [name, sql] of Object.entries(statements)) {
      const params = Object.fromEntries([...sql.matchAll(/@(\w+)/g)].map(([, p]) => [p, p === "guids" || p === "apps" ? "[]" : 1]));
      const plan = (readDb().prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((r) => r.detail);
      const scans = plan.filter((d) => /^SCAN /.test(d) && !/VIRTUAL TABLE|^SCAN a USING COVERING INDEX/.test(d));
      expect(scans, `${name}: ${plan.join(" | ")}`).toEqual([]);
      expect(plan.filter((d) => /^SEARCH /.test(d)).every((d) => / USING (COVERING )?INDEX | USING INTEGER PRIMARY KEY /.test(d)), `${name}: ${plan.join(" | ")}`).toBe(true);
    }
  });
});

describe("listApps as of an earlier snapshot", () => {
  const list = (q: Record<string, string>) => listApps(VIEWER, F, appListQuery.parse(q));

  it("lists the first snapshot's privileged apps with their processes and statuses as of then", async () => {
    const then = await list({ snapshot: String(ids[0]), privileged: "true" });
    // by name: the unnamed legacy app shows (and sorts) as its guid
    expect(then.items.map((i) => [i.guid, i.status, i.present])).toEqual([
      [LEGACY_APP, "untriaged", true],
      [SFTP_APP, "untriaged", true],
    ]);
    expect(then.items.find((i) => i.guid === SFTP_APP)!.processes).toEqual([expect.objectContaining({ type: "web", privileged: true })]);
    // today sftp is privileged again after a migration (a regression) and legacy is back
    expect((await list({ privileged: "true" })).items.find((i) => i.guid === SFTP_APP)).toMatchObject({ status: "untriaged", regression: true });
  });

  it("lists the second snapshot as it was: sftp migrated and unprivileged, legacy absent since then", async () => {
    const second = String(ids[1]);
    // the regression flag too is as of then: sftp regressed only in the third snapshot
    expect((await list({ snapshot: second })).items.map((i) => [i.name, i.privileged, i.status, i.regression])).toEqual([
      ["checkout-api", false, null, false],
      ["legacy-sftp-sync", false, "migrated", false],
    ]);
    expect((await list({ snapshot: second, present: "false" })).items).toEqual([
      expect.objectContaining({ guid: LEGACY_APP, present: false, absentSince: "2026-11-02T00:00:00Z", status: "untriaged" }),
    ]);
  });

  it("answers 404 for a snapshot of no such id", async () => {
    await expect(list({ snapshot: "999999" })).rejects.toMatchObject({ status: 404, message: "snapshot not found" });
  });

  it("counts the org summary as of the snapshot asked for", async () => {
    const privileged = (orgs: { privilegedApps: number }[]) => orgs.reduce((n, o) => n + o.privilegedApps, 0);
    expect(privileged(await listOrgs(VIEWER, F))).toBe(2);
    expect(privileged(await listOrgs(VIEWER, F, { snapshot: String(ids[1]) }))).toBe(0);
    expect(privileged((await pageOrgs(VIEWER, F, { snapshot: String(ids[0]) })).orgs)).toBe(2);
  });
});
