import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/errors";
import { DumpFormatError } from "@/lib/cfdot/extract";
import { IngestError, type IngestErrorKind } from "./errors";
import { openSqlite, type Sqlite } from "@/lib/db/sqlite";
import { emptyStats, generateDumpLines } from "../../scripts/gen-dump.mjs";
import { migrate } from "../../scripts/migrate.mjs";
import { gzipError, openUpload } from "./body";
import { sampleDump } from "@/lib/testing/samples";
import { ingestSnapshot, scratchRoot } from "./ingest";

const SAMPLE = sampleDump().toString("utf8");
const [SFTP, CHECKOUT, LEGACY] = SAMPLE.trim().split("\n");
const SFTP_APP = "3c2a9f6e-1b4d-4e8a-9f70-6a5b4c3d2e1f";
const LEGACY_APP = "7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d";

let dir: string;
let db: Sqlite;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "rr-ingest-"));
  process.env.DATABASE_URL = `file:${path.join(dir, "test.db")}`;
  migrate({ log: () => {} });
  db = openSqlite();
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

async function upload(body: string | Buffer, foundation: string, at: string, opts: { encoding?: string; max?: number } = {}) {
  const buf = Buffer.isBuffer(body) ? body : Buffer.from(body);
  // in pieces of the size a request body arrives in
  const pieces = Array.from({ length: Math.ceil(buf.length / 65536) }, (_, i) => buf.subarray(i * 65536, (i + 1) * 65536));
  const dump = await openUpload(Readable.from(pieces), { contentType: "application/x-www-form-urlencoded", contentEncoding: opts.encoding ?? null }, opts.max ?? 1e9);
  try {
    return await ingestSnapshot({ foundation, capturedAt: new Date(at), dump, actor: "test" });
  } catch (e) {
    throw gzipError(e) ?? e;
  }
}

type Rejection = ApiError | DumpFormatError | IngestError;

async function rejection(p: Promise<unknown>): Promise<Rejection> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ApiError || e instanceof DumpFormatError || e instanceof IngestError) return e;
    throw e;
  }
  throw new Error("expected a rejection");
}

/** What went wrong, in the domain's words (the route wrapper maps kinds to status codes). */
function kindOf(e: Rejection): IngestErrorKind {
  if (e instanceof DumpFormatError) return "invalid";
  if (e instanceof IngestError) return e.kind;
  return ({ 413: "too_large", 409: "conflict", 422: "invalid" } as Record<number, IngestErrorKind>)[e.status];
}

/** Scratch folders and files left behind by uploads. */
const scratchLeft = () => (existsSync(scratchRoot()) ? readdirSync(scratchRoot()) : []);

async function withEnv<T>(vars: Record<string, string>, run: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return await run();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

const count = (table: string) => db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
const tables = ["Foundation", "Snapshot", "App", "Org", "Space", "AppSpan", "LrpSpan", "AppEvent"];
const allCounts = () => Object.fromEntries(tables.map((t) => [t, count(t)]));
const unprivileged = (line: string, version = "ffffffff-0000-4000-8000-000000000001") =>
  line.replace('"privileged":true', '"privileged":false').replace(/("process_guid":"[0-9a-f-]{36})-[0-9a-f-]{36}/, `$1-${version}`);

/** What the snapshot at `t` says of an app, read back from the spans. */
function appAt(foundation: string, guid: string, t: string) {
  return db
    .prepare(
      `SELECT s.privileged, s.instances FROM AppSpan s JOIN Foundation f ON f.id = s.foundationId
       WHERE f.name = ? AND s.appGuid = ? AND s.fromMs <= ? AND s.toMs >= ?`,
    )
    .all(foundation, guid, Date.parse(t), Date.parse(t)) as { privileged: number; instances: number }[];
}
const statusOf = (foundation: string, guid: string) =>
  db.prepare(`SELECT a.status, a.regression FROM App a JOIN Foundation f ON f.id = a.foundationId WHERE f.name = ? AND a.guid = ?`).get(foundation, guid) as
    | { status: string | null; regression: number }
    | undefined;

describe("ingestSnapshot", () => {
  it("stores the sample dump with the counts of the API contract", async () => {
    const { snapshot, duplicate } = await upload(SAMPLE, "sample", "2026-11-01T00:00:00Z");
    expect(duplicate).toBe(false);
    expect(snapshot).toMatchObject({ lrps: 3, appLrps: 3, privilegedLrps: 2, privilegedInstances: 3, apps: 3, privilegedApps: 2, otherDomains: {} });
    expect(snapshot.warnings).toEqual([expect.stringMatching(/1 app has no name/)]);
    expect(db.prepare(`SELECT uploadedBy FROM Snapshot WHERE id = ?`).pluck().get(snapshot.id)).toBe("test");
    expect(statusOf("sample", SFTP_APP)).toEqual({ status: "untriaged", regression: 0 });
    expect(statusOf("sample", "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a")?.status).toBeNull();
    const names = db.prepare(`SELECT guid, name FROM Org ORDER BY guid`).all();
    expect(names).toEqual([
      { guid: "5e4d3c2b-1a09-4f8e-9d7c-6b5a4f3e2d1c", name: null },
      { guid: "6f1c2f0e-8d5b-4f5e-9a43-2b7f0c1d9e11", name: "acme-prod" },
    ]);
  });

  it("returns the stored snapshot for identical content, gzip or not, and records when it was seen again", async () => {
    const again = await upload(gzipSync(SAMPLE), "sample", "2026-11-02T00:00:00Z");
    expect(again.duplicate).toBe(true);
    expect(again.snapshot.observedMs).toEqual([Date.parse("2026-11-01T00:00:00Z"), Date.parse("2026-11-02T00:00:00Z")]);
    expect(db.prepare(`SELECT COUNT(*) FROM Snapshot s JOIN Foundation f ON f.id = s.foundationId WHERE f.name = 'sample'`).pluck().get()).toBe(1);
  });

  it("counts other domains and a rolling deploy's two web LRPs", async () => {
    const second = CHECKOUT.replace(/"process_guid":"[0-9a-f-]{36}-[0-9a-f-]{36}"/, `"process_guid":"11111111-2222-4333-8444-555555555555-66666666-7777-4888-9999-000000000000"`);
    const router = JSON.stringify({ process_guid: "routing-api", domain: "cf-networking", instances: 2, privileged: false });
    const { snapshot } = await upload([CHECKOUT, second, router].join("\n") + "\n", "rolling", "2026-11-01T00:00:00Z");
    expect(snapshot).toMatchObject({ lrps: 3, appLrps: 2, apps: 1, otherDomains: { "cf-networking": 1 } });
    const span = db.prepare(`SELECT instances, lrps FROM AppSpan WHERE appGuid = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a' AND foundationId = (SELECT id FROM Foundation WHERE name = 'rolling')`).get();
    expect(span).toEqual({ instances: 6, lrps: 2 });
  });

  it("tracks migration and regression across snapshots, with an event for each named after its snapshot at its capture time; absence changes nothing", async () => {
    const { snapshot: first } = await upload(SAMPLE, "workflow", "2026-11-01T00:00:00Z");
    await upload([unprivileged(SFTP), CHECKOUT, LEGACY].join("\n") + "\n", "workflow", "2026-11-02T00:00:00Z");
    expect(statusOf("workflow", SFTP_APP)).toEqual({ status: "migrated", regression: 0 });
    // the first day's content again, after different content: a new snapshot (A, B, A), whose state is the latest
    const again = await upload(SAMPLE, "workflow", "2026-11-03T00:00:00Z");
    expect(again.duplicate).toBe(false);
    expect(statusOf("workflow", SFTP_APP)).toEqual({ status: "untriaged", regression: 1 });
    await upload([unprivileged(SFTP), CHECKOUT, LEGACY].join("\n") + "\n", "workflow", "2026-11-04T00:00:00Z");
    expect(statusOf("workflow", SFTP_APP)).toEqual({ status: "migrated", regression: 0 });
    // the legacy app stops: absent, and still untriaged; it comes back privileged: still untriaged, no event
    await upload([unprivileged(SFTP), CHECKOUT].join("\n") + "\n", "workflow", "2026-11-05T00:00:00Z");
    expect(statusOf("workflow", LEGACY_APP)?.status).toBe("untriaged");
    await upload([unprivileged(SFTP), CHECKOUT, LEGACY].join("\n") + "\n", "workflow", "2026-11-06T00:00:00Z");
    expect(statusOf("workflow", LEGACY_APP)?.status).toBe("untriaged");
    const events = (guid: string) =>
      db
        .prepare(`SELECT e.action, e.actor, e.at FROM AppEvent e JOIN App a ON a.id = e.appId WHERE a.guid = ? AND a.foundationId = (SELECT id FROM Foundation WHERE name = 'workflow') ORDER BY e.id`)
        .all(guid) as { action: string; actor: string; at: string }[];
    expect(events(SFTP_APP).map((e) => e.action)).toEqual(["detected", "migrated", "regressed", "migrated"]);
    expect(events(SFTP_APP)[0]).toEqual({ action: "detected", actor: `snapshot ${first.id}`, at: "2026-11-01T00:00:00.000+00:00" });
    expect(events(LEGACY_APP).map((e) => e.action)).toEqual(["detected"]);
    // stopped while privileged, back unprivileged (a restart takes the platform's flag of the day): migrated
    await upload([unprivileged(SFTP), CHECKOUT].join("\n") + "\n", "workflow", "2026-11-07T00:00:00Z");
    await upload([unprivileged(SFTP), CHECKOUT, unprivileged(LEGACY)].join("\n") + "\n", "workflow", "2026-11-08T00:00:00Z");
    expect(statusOf("workflow", LEGACY_APP)?.status).toBe("migrated");
  });

  it("keeps history exact when an older dump is uploaded after newer ones", async () => {
    const f = "backfill";
    await upload(SAMPLE, f, "2026-10-01T00:00:00Z");
    await upload(SAMPLE.replace(SFTP, SFTP.replace('"instances":2', '"instances":2 ')), f, "2026-10-03T00:00:00Z");
    // same state on both days: one span for the app
    expect(db.prepare(`SELECT COUNT(*) FROM AppSpan WHERE appGuid = ? AND foundationId = (SELECT id FROM Foundation WHERE name = ?)`).pluck().get(SFTP_APP, f)).toBe(1);
    // a back-filled dump from in between, where the app ran unprivileged, splits that span
    await upload([unprivileged(SFTP), CHECKOUT, LEGACY].join("\n") + "\n", f, "2026-10-02T00:00:00Z");
    expect(appAt(f, SFTP_APP, "2026-10-01T00:00:00Z")).toEqual([{ privileged: 1, instances: 2 }]);
    expect(appAt(f, SFTP_APP, "2026-10-02T00:00:00Z")).toEqual([{ privileged: 0, instances: 2 }]);
    expect(appAt(f, SFTP_APP, "2026-10-03T00:00:00Z")).toEqual([{ privileged: 1, instances: 2 }]);
    // the latest snapshot decides the status: still privileged
    expect(statusOf(f, SFTP_APP)?.status).toBe("untriaged");
    // an app missing from a back-filled dump is absent exactly there
    await upload([SFTP, CHECKOUT].join("\n") + "\n", f, "2026-09-30T00:00:00Z");
    expect(appAt(f, LEGACY_APP, "2026-09-30T00:00:00Z")).toEqual([]);
    expect(appAt(f, LEGACY_APP, "2026-10-01T00:00:00Z")).toHaveLength(1);
  });

  it("rejects a second, different dump at the same capturedAt with 409", async () => {
    await upload(SAMPLE, "clash", "2026-11-01T00:00:00Z");
    const e = await rejection(upload([SFTP, CHECKOUT].join("\n") + "\n", "clash", "2026-11-01T00:00:00Z"));
    expect(kindOf(e)).toBe("conflict");
  });

  it("warns when a new latest snapshot lacks more than 10 % of the previous one's apps, and records every upload", async () => {
    await upload(SAMPLE, "truncated", "2026-11-01T00:00:00Z");
    const { snapshot } = await upload(`${SFTP}\n`, "truncated", "2026-11-02T00:00:00Z");
    expect(snapshot.suspicious).toBe(true);
    expect(snapshot.warnings).toContainEqual(expect.stringMatching(/^2 of the previous snapshot's 3 apps are missing from this one/));
    // a back-filled snapshot is compared with nothing: only a new latest one can look truncated
    const back = await upload(`${SFTP}\n${CHECKOUT}\n`, "truncated", "2026-10-31T00:00:00Z");
    expect(back.snapshot.suspicious).toBe(false);
    const audit = db.prepare(`SELECT actor, action, target FROM AuditEvent WHERE foundation = 'truncated' ORDER BY id`).all();
    expect(audit).toEqual(Array(3).fill({ actor: "test", action: "snapshot.upload", target: expect.stringMatching(/^snapshot \d+$/) }));
  });

  it("counts domains named like object properties, and at most 32 domains by name", async () => {
    const lrp = (domain: string, i: number) => JSON.stringify({ process_guid: `p-${i}`, domain, instances: 1, privileged: false });
    const names = ["__proto__", "constructor", "toString", ...Array.from({ length: 40 }, (_, i) => `d${i}`)];
    const body = [SFTP, ...names.map(lrp), lrp("__proto__", 99)].join("\n") + "\n";
    const { snapshot } = await upload(body, "domains", "2026-11-01T00:00:00Z");
    expect(snapshot.lrps).toBe(names.length + 2);
    expect(Object.keys(snapshot.otherDomains)).toHaveLength(33);
    expect(Object.getOwnPropertyDescriptor(snapshot.otherDomains, "__proto__")?.value).toBe(2);
    expect(snapshot.otherDomains.constructor).toBe(1);
    expect(snapshot.otherDomains.other).toBe(names.length - 32);
  });

  it("truncates the write-ahead log once uploads are quiet", async () => {
    await upload(SAMPLE, "wal", "2026-11-01T00:00:00Z");
    const wal = `${process.env.DATABASE_URL!.replace(/^file:/, "")}-wal`;
    await expect.poll(() => statSync(wal).size, { timeout: 5000, interval: 200 }).toBe(0);
  });

  it("lets the name from the newest annotation win", async () => {
    const older = SFTP.replace('"app_name":{"static":"legacy-sftp-sync"}', '"app_name":{"static":"old-name"}');
    const worker = older
      .replace("e0a1b2c3-d4e5-4f60-8a71-b2c3d4e5f607", "e0a1b2c3-d4e5-4f60-8a71-b2c3d4e5f609")
      .replace('"annotation":"1718031234.567891"', '"annotation":"1600000000.0"');
    await upload([worker, SFTP].join("\n") + "\n", "names", "2026-11-01T00:00:00Z");
    expect(db.prepare(`SELECT name FROM App WHERE guid = ? AND foundationId = (SELECT id FROM Foundation WHERE name = 'names')`).pluck().get(SFTP_APP)).toBe("legacy-sftp-sync");
  });

  describe("a dump large enough to be parsed in blocks by the worker threads", () => {
    const stats = emptyStats();
    const lines = [...generateDumpLines({ lrps: 1500, seed: "blocks", stats })];
    const big = lines.join("");

    it("gives the generator's counts, in any chunking, and the same snapshot for its gzip", async () => {
      expect(big.length).toBeGreaterThan(3 * 1024 * 1024);
      const { snapshot } = await upload(big, "blocks", "2026-11-01T00:00:00Z");
      expect(snapshot).toMatchObject({ lrps: 1500, apps: stats.apps, privilegedApps: stats.privilegedApps, privilegedLrps: stats.privilegedLrps });
      const again = await upload(gzipSync(big), "blocks", "2026-11-02T00:00:00Z");
      expect(again.duplicate).toBe(true);
    });

    it("gives the same apps, counts and names when two workers share the parsing", async () => {
      const { snapshot, threads } = await withEnv({ INGEST_WORKERS: "2" }, () => upload(big, "blocks-two-workers", "2026-11-01T00:00:00Z"));
      expect(threads).toBeGreaterThanOrEqual(2);
      expect(snapshot).toMatchObject({ lrps: 1500, apps: stats.apps, privilegedApps: stats.privilegedApps, privilegedLrps: stats.privilegedLrps });
      // more workers than SQLite can attach databases at once (10) still publish
      const many = await withEnv({ INGEST_WORKERS: "12" }, () => upload(big, "blocks-many-workers", "2026-11-01T00:00:00Z"));
      expect(many.snapshot.apps).toBe(stats.apps);
      const state = (f: string) =>
        db
          .prepare(
            `SELECT a.guid, a.name, s.privileged, s.instances, s.lrps, s.risks, s.orgGuid, o.name AS org FROM App a
             JOIN AppSpan s ON s.foundationId = a.foundationId AND s.appGuid = a.guid
             LEFT JOIN Org o ON o.foundationId = a.foundationId AND o.guid = s.orgGuid
             WHERE a.foundationId = (SELECT id FROM Foundation WHERE name = ?) ORDER BY a.guid`,
          )
          .all(f);
      expect(state("blocks-two-workers")).toEqual(state("blocks"));
      expect(state("blocks-many-workers")).toEqual(state("blocks"));
      expect(scratchLeft()).toEqual([]);
    });

    it("keeps concurrent uploads apart, and stores identical content once when it arrives twice at once", async () => {
      const [a, b, c] = await Promise.all([
        upload(big, "concurrent-a", "2026-11-01T00:00:00Z"),
        upload(big, "concurrent-b", "2026-11-01T00:00:00Z"),
        upload(big, "concurrent-a", "2026-11-02T00:00:00Z"),
      ]);
      for (const r of [a, b, c]) expect(r.snapshot).toMatchObject({ lrps: 1500, apps: stats.apps, privilegedApps: stats.privilegedApps });
      expect([a.duplicate, c.duplicate].sort()).toEqual([false, true]);
      expect(a.snapshot.id).toBe(c.snapshot.id);
    });

    it("fails only the uploads a crashed parse worker held, and the next upload gets a new worker", async () => {
      const before = allCounts();
      type Slot = { pending: Map<number, unknown>; worker: { terminate(): Promise<number> } } | null;
      const pool = (globalThis as unknown as { __parsePool: { slots: Slot[] } }).__parsePool;
      const crashing = upload(big, "crash", "2026-11-01T00:00:00Z");
      // the worker dies while it holds blocks of this upload
      await expect.poll(() => pool.slots[0]?.pending.size ?? 0, { interval: 1 }).toBeGreaterThan(0);
      await pool.slots[0]!.worker.terminate();
      const e = await crashing.then(
        () => null,
        (err: unknown) => err,
      );
      // an infrastructure failure, never reported as bad content
      expect(e).toBeInstanceOf(Error);
      expect(e).not.toBeInstanceOf(DumpFormatError);
      expect(e).not.toBeInstanceOf(IngestError);
      expect(allCounts()).toEqual(before);
      expect(scratchLeft()).toEqual([]);
      const { snapshot } = await upload(big, "crash", "2026-11-01T00:00:00Z");
      expect(snapshot.apps).toBe(stats.apps);
    });

    it("keeps the write-ahead log from growing while uploads follow each other without a pause", async () => {
      const wal = `${process.env.DATABASE_URL!.replace(/^file:/, "")}-wal`;
      const sizes: number[] = [];
      for (let i = 0; i < 4; i++) {
        await upload(big, `wal-busy-${i}`, "2026-11-01T00:00:00Z");
        sizes.push(statSync(wal).size);
      }
      // each publish reuses the log its predecessor checkpointed, so four uploads take no more room than two
      expect(sizes[3]).toBeLessThanOrEqual(2 * sizes[0]);
    });

    it("reads the same dump as a JSON array and as pretty-printed objects", async () => {
      const objects = lines.map((l) => JSON.parse(l) as unknown);
      const asArray = await upload(JSON.stringify(objects), "blocks-array", "2026-11-01T00:00:00Z");
      const pretty = await upload(objects.map((o) => JSON.stringify(o, null, 2)).join("\n"), "blocks-pretty", "2026-11-01T00:00:00Z");
      for (const r of [asArray, pretty]) expect(r.snapshot).toMatchObject({ lrps: 1500, apps: stats.apps, privilegedApps: stats.privilegedApps });
    });

    it("rejects a malformed line deep in the dump with its exact line number", async () => {
      const bad = [...lines];
      bad[1233] = '{"process_guid": "x", "privileged": tru}\n';
      const before = allCounts();
      const e = await rejection(upload(bad.join(""), "blocks-bad", "2026-11-01T00:00:00Z"));
      expect(e).toBeInstanceOf(DumpFormatError);
      expect((e as DumpFormatError).line).toBe(1234);
      expect(allCounts()).toEqual(before);
    });

    it("warns when the last line of a multi-block dump has no newline", async () => {
      const { snapshot } = await upload(big.trimEnd(), "blocks-no-newline", "2026-11-01T00:00:00Z");
      expect(snapshot.warnings).toContain("last line has no newline: the dump may be truncated");
      expect(snapshot.lrps).toBe(1500);
    });
  });

  describe("bad input changes nothing", () => {
    const cases: [string, () => Promise<unknown>, IngestErrorKind, RegExp][] = [
      ["a malformed line", () => upload(`${SFTP}\n{"process_guid": oops}\n${LEGACY}\n`, "bad", "2026-11-01T00:00:00Z"), "invalid", /line 2/],
      ["scheduling-infos output", () => upload(`${JSON.stringify({ process_guid: "x", domain: "cf-apps", instances: 1 })}\n`, "bad", "2026-11-01T00:00:00Z"), "invalid", /scheduling-infos/],
      ["an empty body", () => upload("", "bad", "2026-11-01T00:00:00Z"), "invalid", /empty/],
      ["a body of blank lines", () => upload("\n\n  \n", "bad", "2026-11-01T00:00:00Z"), "invalid", /empty/],
      ["a truncated gzip", () => upload(gzipSync(SAMPLE).subarray(0, 900), "bad", "2026-11-01T00:00:00Z"), "invalid", /gzip stream is truncated/],
      ["gzip declared but not sent", () => upload(SAMPLE, "bad", "2026-11-01T00:00:00Z", { encoding: "gzip" }), "invalid", /not gzip/],
      ["a dump over the size limit", () => upload(gzipSync(SAMPLE), "bad", "2026-11-01T00:00:00Z", { max: 5000 }), "too_large", /larger than the limit/],
      ["a repeated process_guid", () => upload(`${SFTP}\n${CHECKOUT}\n${SFTP}\n`, "bad", "2026-11-01T00:00:00Z"), "invalid", /line 3 repeats the process_guid of line 1/],
      ["a capturedAt in the future", () => upload(SAMPLE, "bad", new Date(Date.now() + 11 * 60_000).toISOString()), "invalid", /in the future/],
      ["a capturedAt before 2010", () => upload(SAMPLE, "bad", "2009-12-31T23:59:59Z"), "invalid", /before 2010/],
      ["a body of megabytes of blank space", () => upload(gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20)), "bad", "2026-11-01T00:00:00Z"), "invalid", /blank space/],
      ["more LRPs than MAX_LRPS", () => withEnv({ MAX_LRPS: "2" }, () => upload(SAMPLE, "bad", "2026-11-01T00:00:00Z")), "too_large", /more than 2 LRPs/],
    ];
    for (const [name, run, kind, message] of cases) {
      it(`rejects ${name} (${kind}), leaves no scratch files and changes nothing`, async () => {
        const before = allCounts();
        const e = await rejection(run());
        expect(kindOf(e)).toBe(kind);
        expect(e.message).toMatch(message);
        expect(allCounts()).toEqual(before);
        expect(scratchLeft()).toEqual([]);
      });
    }
  });
});
