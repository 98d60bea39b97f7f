import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APP_SORTS, appListQuery, type AppListQuery } from "@/lib/schemas/app";
import { generateDumpLines } from "../../scripts/gen-dump.mjs";
import { migrate } from "../../scripts/migrate.mjs";
import { ADMIN, VIEWER } from "@/lib/testing/actors";
import { appEventBody, type AppEventBody } from "@/lib/schemas/app-event";
import { ingestLines } from "@/lib/testing/ingest";

// The app list over the in-memory index against the plain SQL it replaced (one query per list: every filter
// in WHERE, `ORDER BY key, guid`), on a generated foundation of a few thousand apps with mixed-case names,
// unnamed legacy apps, isolation segments, risks, an absent app and workflow statuses.
const dir = mkdtempSync(path.join(tmpdir(), "rr-index-"));
process.env.DATABASE_URL = `file:${path.join(dir, "data.db")}`;
const { listApps } = await import("./apps");
const { INDEX_SQL, appIndex } = await import("./app-index");
const { actOnApp } = await import("./workflow");
const { LIST_SQL } = await import("./apps");
const { listOrgs, pageOrgs, listSegments, SEGMENT_SQL } = await import("./orgs");
const { REVISION_STATEMENTS } = await import("./revision");
const { readDb } = await import("@/lib/db/sqlite");
const { prisma } = await import("@/lib/db/prisma");

const F = "index-test";

/**
 * Names that NOCASE and LIKE treat apart from plain lower case: every 7th upper case, every 5th capitalised,
 * every 11th with a non-ASCII capital (which neither folds), every 13th with LIKE's wildcards in it, every 17th
 * with a NUL character (SQLite's text functions stop there).
 */
function mixCase(line: string, i: number): string {
  const renamed = (name: string) =>
    i % 17 === 0
      ? `${name}-x\\u0000yz`
      : i % 13 === 0
        ? `${name}-50%_off`
        : i % 11 === 0
          ? `Ä${name}`
          : i % 7 === 0
            ? name.toUpperCase()
            : i % 5 === 0
              ? `${name[0]!.toUpperCase()}${name.slice(1)}`
              : name;
  return line.replace(/"app_name":\{"static":"([^"]*)"\}/, (_, name: string) => `"app_name":{"static":"${renamed(name)}"}`);
}

let absentGuid = "";
const dump = [...generateDumpLines({ lrps: 2500, orgs: 40, seed: "index-test", privilegedShare: 0.2 })].map(mixCase);

const upload = (lines: string[], at: string, foundation = F) => ingestLines(foundation, lines, at);

const START_TEST = { action: "start_test", testOrg: "rootless-tests", testSpace: "canary", testApp: "probe" };
const foundationId = async (name: string) => (await prisma.foundation.findUniqueOrThrow({ where: { name }, select: { id: true } })).id;

beforeAll(async () => {
  migrate({ log: () => {} });
  await upload(dump, "2026-11-01T00:00:00Z");
  // the next day, the first privileged app is absent (stopped or deleted)
  const gone = dump.findIndex((l) => l.includes('"privileged":true'));
  absentGuid = /"log_guid":"([^"]+)"/.exec(dump[gone]!)![1]!;
  await upload(
    dump.filter((l) => !l.includes(`"log_guid":"${absentGuid}"`)),
    "2026-11-02T00:00:00Z",
  );
  // workflow statuses as the app table would set them
  const untriaged = await prisma.app.findMany({ where: { status: "untriaged" }, select: { id: true }, take: 30 });
  await prisma.app.updateMany({ where: { id: { in: untriaged.slice(0, 15).map((a) => a.id) } }, data: { status: "testing" } });
  await prisma.app.updateMany({ where: { id: { in: untriaged.slice(15).map((a) => a.id) } }, data: { status: "waived" } });
}, 120_000);
afterAll(async () => {
  await prisma.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------------------
// The oracle: the list as one SQL query, the way it was computed before the index.

const ORACLE_SORT: Record<AppListQuery["sort"], string> = {
  name: "COALESCE(a.name, a.guid) COLLATE NOCASE",
  org: "COALESCE(o.name, s.orgGuid) COLLATE NOCASE",
  space: "COALESCE(sp.name, s.spaceGuid) COLLATE NOCASE",
  instances: "s.instances",
  status: "a.status",
};

function oracle(q: AppListQuery): { guids: string[]; total: number } {
  const f = readDb().prepare(`SELECT id FROM Foundation WHERE name = ?`).pluck().get(F) as number;
  const latest = readDb().prepare(`SELECT MAX(capturedMs) FROM Snapshot WHERE foundationId = ?`).pluck().get(f) as number;
  const where = [
    `s.foundationId = @f`,
    q.present === "true"
      ? `s.toMs = @latest`
      : `s.toMs = (SELECT MAX(l.toMs) FROM AppSpan l WHERE l.foundationId = s.foundationId AND l.appGuid = s.appGuid)${q.present === "false" ? " AND s.toMs < @latest" : ""}`,
  ];
  const params: Record<string, unknown> = { f, latest };
  const filter = (sql: string, name: string, value: unknown) => {
    where.push(sql);
    params[name] = value;
  };
  if (q.privileged !== undefined) filter(`s.privileged = @privileged`, "privileged", q.privileged ? 1 : 0);
  if (q.org) filter(`(s.orgGuid = @org OR o.name = @org)`, "org", q.org);
  if (q.space) filter(`(s.spaceGuid = @space OR sp.name = @space)`, "space", q.space);
  if (q.segment) filter(`s.segment = @segment`, "segment", q.segment === "shared" ? "" : q.segment);
  if (q.status) filter(`a.status = @status`, "status", q.status);
  if (q.risk) where.push(`s.risks != 0`);
  if (q.q) {
    where.push(
      `(COALESCE(a.name, a.guid) LIKE @q ESCAPE '\\' OR COALESCE(o.name, s.orgGuid, '') LIKE @q ESCAPE '\\' OR COALESCE(sp.name, s.spaceGuid, '') LIKE @q ESCAPE '\\')`,
    );
    params.q = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  }
  const from = `FROM AppSpan s JOIN App a ON a.foundationId = s.foundationId AND a.guid = s.appGuid
    LEFT JOIN Org o ON o.foundationId = s.foundationId AND o.guid = s.orgGuid
    LEFT JOIN Space sp ON sp.foundationId = s.foundationId AND sp.guid = s.spaceGuid WHERE ${where.join(" AND ")}`;
  const dir = q.dir === "desc" ? "DESC" : "ASC";
  const guids = readDb()
    .prepare(`SELECT a.guid ${from} ORDER BY ${ORACLE_SORT[q.sort]} ${dir}, a.guid ${dir} LIMIT @limit OFFSET @offset`)
    .pluck()
    .all({ ...params, limit: q.pageSize, offset: (q.page - 1) * q.pageSize }) as string[];
  const total = readDb().prepare(`SELECT COUNT(*) ${from}`).pluck().get(params) as number;
  return { guids, total };
}

async function expectSameAsOracle(raw: Record<string, string>) {
  const q = appListQuery.parse(raw);
  const got = await listApps(VIEWER, F, q);
  expect({ guids: got.items.map((i) => i.guid), total: got.total }, JSON.stringify(raw)).toEqual(oracle(q));
}

describe("the app list over the index", () => {
  it("lists, counts and orders exactly as the SQL query did, for every sort, both directions and deep pages", async () => {
    for (const sort of APP_SORTS)
      for (const dir of ["asc", "desc"])
        for (const page of ["1", "3", "40"]) await expectSameAsOracle({ sort, dir, page, pageSize: "37" });
  });

  it("filters exactly as the SQL query did, alone and combined", async () => {
    const [org] = await listOrgs(VIEWER, F);
    const space = org!.spaces[0]!;
    const filters: Record<string, string>[] = [
      { privileged: "true" },
      { privileged: "false" },
      { org: org!.name },
      { org: org!.guid },
      { org: org!.name, space: space.name },
      { space: space.guid },
      { segment: "persistent_isolation_segment" },
      { segment: "shared" },
      { status: "untriaged" },
      { status: "testing" },
      { present: "false" },
      { present: "all" },
      { present: "all", status: "untriaged" },
      { present: "false", privileged: "true", q: "a" },
      { present: "all", sort: "org", dir: "desc", page: "2" },
      { risk: "true" },
      { q: "check" },
      { q: "CHECK" },
      { q: "Äc" },
      { q: "äc" },
      { q: "%_o" },
      { q: "_" },
      { q: "-x" },
      { q: "yz" },
      { q: "\u0000" },
      { q: "x\u0000y" },
      { q: org!.name.slice(0, 5) },
      { q: space.name },
      { q: "a", privileged: "true", risk: "true" },
      { q: "e", segment: "shared", sort: "org", dir: "desc", page: "2" },
      { privileged: "false", sort: "space", page: "5" },
      { status: "waived", sort: "status", dir: "desc" },
    ];
    for (const f of filters) await expectSameAsOracle({ pageSize: "25", ...f });
  });

  it("sees every write to its foundation: a workflow action, then a new snapshot", async () => {
    const before = await listApps(VIEWER, F, appListQuery.parse({ status: "verified" }));
    expect(before.total).toBe(0);
    const testing = await prisma.app.findFirstOrThrow({ where: { status: "testing", guid: { not: absentGuid } } });
    await actOnApp(F, testing.guid, ADMIN, appEventBody.parse({ action: "verify" }) as AppEventBody);
    expect((await listApps(VIEWER, F, appListQuery.parse({ status: "verified" }))).items.map((i) => i.guid)).toEqual([testing.guid]);

    const total = (await listApps(VIEWER, F, appListQuery.parse({}))).total;
    await upload(dump.slice(0, 100), "2026-11-03T00:00:00Z");
    const after = await listApps(VIEWER, F, appListQuery.parse({}));
    expect(after.total).toBeLessThan(total);
    await expectSameAsOracle({ sort: "org" });
  });

  it("stays warm through another foundation's upload and actions, and is rebuilt by its own", async () => {
    const warm = await appIndex(await foundationId(F), "latest");
    const other = "index-test-other";
    await upload(dump.slice(0, 50), "2026-11-03T00:00:00Z", other);
    const privileged = await prisma.app.findFirstOrThrow({ where: { foundation: { name: other }, status: "untriaged" } });
    await actOnApp(other, privileged.guid, ADMIN, appEventBody.parse(START_TEST) as AppEventBody);
    expect(await appIndex(await foundationId(F), "latest")).toBe(warm);

    const mine = (await listApps(VIEWER, F, appListQuery.parse({ status: "untriaged", present: "all" }))).items[0]!;
    await actOnApp(F, mine.guid, ADMIN, appEventBody.parse(START_TEST) as AppEventBody);
    const rebuilt = await appIndex(await foundationId(F), "latest");
    expect(rebuilt).not.toBe(warm);
    expect((await listApps(VIEWER, F, appListQuery.parse({ status: "testing", present: "all", q: mine.name }))).items.map((i) => i.guid)).toContain(mine.guid);
  });
});

describe("orgs and segments over the index", () => {
  it("pages the orgs, most privileged apps first, and finds them by part of the name", async () => {
    const all = await listOrgs(VIEWER, F);
    expect(all.map((o) => o.privilegedApps)).toEqual([...all.map((o) => o.privilegedApps)].sort((a, b) => b - a));
    const page2 = await pageOrgs(VIEWER, F, { page: 2, pageSize: 10 });
    expect(page2).toMatchObject({ total: all.length, page: 2, pageSize: 10 });
    expect(page2.orgs.map((o) => o.guid)).toEqual(all.slice(10, 20).map((o) => o.guid));
    const name = all.at(-1)!.name;
    const found = await pageOrgs(VIEWER, F, { q: name.toUpperCase() });
    expect(found.orgs.map((o) => o.name)).toContain(name);
    expect(found.orgs.every((o) => o.name.toLowerCase().includes(name.toLowerCase()))).toBe(true);
    expect(await pageOrgs(VIEWER, F, { q: "no-such-org" })).toMatchObject({ orgs: [], total: 0 });
  });

  it("counts per segment what the app list counts, now and as of an earlier snapshot", async () => {
    const first = await prisma.snapshot.findFirstOrThrow({ where: { foundation: { name: F } }, orderBy: { capturedMs: "asc" } });
    for (const snapshot of [undefined, String(first.id)]) {
      const segments = await listSegments(VIEWER, F, { snapshot });
      expect(segments.length).toBeGreaterThan(1);
      for (const s of segments) {
        for (const privileged of ["true", undefined]) {
          const listed = await listApps(VIEWER, F, appListQuery.parse({ segment: s.name, privileged, snapshot }));
          expect(listed.total, `${s.name} ${snapshot}`).toBe(privileged ? s.privilegedApps : s.apps);
        }
      }
    }
  });
});

describe("query plans", () => {
  /** Every statement the index build and a list request run reads its tables through an index: a full scan only of json_each. */
  it("searches AppSpan, App, Org and Space by index in every statement of the list", () => {
    const db = readDb();
    const statements = { ...INDEX_SQL, ...LIST_SQL, ...Object.fromEntries(Object.entries(SEGMENT_SQL).map(([k, v]) => [`segment.${k}`, v])), "revision.one": REVISION_STATEMENTS.one };
    for (const [name, sql] of Object.entries(statements)) {
      const params = Object.fromEntries([...sql.matchAll(/@(\w+)/g)].map(([, p]) => [p, ["guids", "values", "spans", "ids", "guidsJson"].includes(p) ? "[]" : 1]));
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((r) => r.detail);
      // json_each and a window function's subquery are scanned by nature: they hold only what the statement was given
      const scans = plan.filter((d) => /^SCAN /.test(d) && !/VIRTUAL TABLE|^SCAN \(subquery-\d+\)$/.test(d));
      expect(scans, `${name}: ${plan.join(" | ")}`).toEqual([]);
      expect(plan.filter((d) => /^SEARCH /.test(d)).every((d) => / USING (COVERING )?INDEX | USING INTEGER PRIMARY KEY /.test(d)), `${name}: ${plan.join(" | ")}`).toBe(true);
    }
  });
});
