import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSqlite, type Sqlite } from "@/lib/db/sqlite";
import { nextDay } from "@/lib/testing/dump-series";
import { emptyStats, generateDumpLines } from "../../scripts/gen-dump.mjs";
import { migrate } from "../../scripts/migrate.mjs";
import { ingestSnapshot, removeSnapshot, scratchRoot, type IngestResult } from "./ingest";
import { APP_SPANS, LRP_SPANS, type SpanSpec } from "./spans";

let dir: string;
let db: Sqlite;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "rr-history-"));
  process.env.DATABASE_URL = `file:${path.join(dir, "test.db")}`;
  // several parse workers, so that every dump is staged in several files that publishing must see as one
  process.env.INGEST_WORKERS = "2";
  migrate({ log: () => {} });
  db = openSqlite();
});
afterAll(() => {
  delete process.env.INGEST_WORKERS;
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function upload(lines: string[], foundation: string, at: string): Promise<IngestResult> {
  const buf = Buffer.from(lines.join(""));
  const pieces = Array.from({ length: Math.ceil(buf.length / 65536) }, (_, i) => buf.subarray(i * 65536, (i + 1) * 65536));
  return ingestSnapshot({ foundation, capturedAt: new Date(at), dump: Readable.from(pieces), actor: "test" });
}

const fid = (name: string) => db.prepare(`SELECT id FROM Foundation WHERE name = ?`).pluck().get(name) as number;

/** Every span of a foundation, as (key, state, from, to), in a stable order. */
function spans(spec: SpanSpec, foundation: string) {
  return db
    .prepare(`SELECT ${spec.key}, ${spec.cols.join(", ")}, fromMs, toMs FROM ${spec.table} WHERE foundationId = ? ORDER BY ${spec.key}, fromMs`)
    .all(fid(foundation));
}

/** What the snapshot at `t` says, read back from a foundation's spans. */
function stateAt(spec: SpanSpec, foundation: string, t: number) {
  return db
    .prepare(
      `SELECT ${spec.key}, ${spec.cols.join(", ")} FROM ${spec.table} WHERE foundationId = ? AND fromMs <= ? AND toMs >= ? ORDER BY ${spec.key}`,
    )
    .all(fid(foundation), t, t);
}

/** Spans are maximal: no two spans of one key meet at consecutive snapshots with the same state. */
function splitRuns(spec: SpanSpec, foundation: string): number {
  const f = fid(foundation);
  return db
    .prepare(
      `SELECT COUNT(*) FROM ${spec.table} l JOIN ${spec.table} r ON r.foundationId = l.foundationId AND r.${spec.key} = l.${spec.key}
         AND r.fromMs = (SELECT MIN(capturedMs) FROM Snapshot WHERE foundationId = l.foundationId AND capturedMs > l.toMs)
         AND ${spec.cols.map((c) => `l.${c} IS r.${c}`).join(" AND ")}
       WHERE l.foundationId = ?`,
    )
    .pluck()
    .get(f) as number;
}

const statuses = (foundation: string) =>
  db.prepare(`SELECT guid, status, regression FROM App WHERE foundationId = ? ORDER BY guid`).all(fid(foundation));

const scratchLeft = () => (existsSync(scratchRoot()) ? readdirSync(scratchRoot()) : []);

describe("history of daily dumps at size", { timeout: 180_000 }, () => {
  const DAYS = ["2026-11-01T06:00:00Z", "2026-11-02T06:00:00Z", "2026-11-03T06:00:00Z"];
  const day1 = [...generateDumpLines({ lrps: 20_000, seed: "history", stats: emptyStats() })];
  const day2 = nextDay(day1, 2);
  const day3 = nextDay(day2, 3);
  const dumps = [day1, day2, day3];

  it("is exact after the next day's dump and a back-fill, staged in several files", async () => {
    // each day alone in a foundation of its own: the brute-force truth of what that snapshot says
    for (let i = 0; i < 3; i++) await upload(dumps[i], `solo-${i}`, DAYS[i]);
    // the same snapshots in capture order
    for (let i = 0; i < 3; i++) await upload(dumps[i], "in-order", DAYS[i]);
    // the daily case, then the missing day back-filled
    const first = await upload(day1, "daily", DAYS[0]);
    const next = await upload(day3, "daily", DAYS[2]);
    const back = await upload(day2, "daily", DAYS[1]);
    for (const r of [first, next, back]) expect(r.threads).toBeGreaterThanOrEqual(2);
    console.log(
      `[history] 20k LRPs: first publish ${first.timings.publishMs} ms, next day ${next.timings.publishMs} ms, back-fill ${back.timings.publishMs} ms`,
    );

    for (const spec of [LRP_SPANS, APP_SPANS]) {
      for (let i = 0; i < 3; i++) {
        const t = Date.parse(DAYS[i]);
        const truth = stateAt(spec, `solo-${i}`, t);
        expect(truth.length).toBeGreaterThan(15_000 / (spec === APP_SPANS ? 2 : 1));
        expect(stateAt(spec, "daily", t)).toEqual(truth);
        expect(stateAt(spec, "in-order", t)).toEqual(truth);
      }
      expect(splitRuns(spec, "daily")).toBe(0);
      // the order of the uploads leaves no trace: the same spans as uploading in capture order
      expect(spans(spec, "daily")).toEqual(spans(spec, "in-order"));
    }
    expect(scratchLeft()).toEqual([]);
  });

  it("reads as if a deleted snapshot had never been uploaded", async () => {
    await upload(day1, "deleted", DAYS[0]);
    const middle = await upload(day2, "deleted", DAYS[1]);
    const last = await upload(day3, "deleted", DAYS[2]);
    // without the middle day: the same history as days 1 and 3 alone
    await upload(day1, "without-middle", DAYS[0]);
    await upload(day3, "without-middle", DAYS[2]);
    await removeSnapshot("deleted", middle.snapshot.id, "test", null);
    for (const spec of [LRP_SPANS, APP_SPANS]) expect(spans(spec, "deleted")).toEqual(spans(spec, "without-middle"));
    expect(statuses("deleted")).toEqual(statuses("without-middle"));
    // without the latest too: the first day is the latest again, with its statuses
    await removeSnapshot("deleted", last.snapshot.id, "test", null);
    await upload(day1, "only-first", DAYS[0]);
    for (const spec of [LRP_SPANS, APP_SPANS]) expect(spans(spec, "deleted")).toEqual(spans(spec, "only-first"));
    expect(statuses("deleted")).toEqual(statuses("only-first"));
    const audit = db.prepare(`SELECT actor, action, foundation, target FROM AuditEvent WHERE action = 'snapshot.delete' ORDER BY id`).all();
    expect(audit).toEqual([
      { actor: "test", action: "snapshot.delete", foundation: "deleted", target: `snapshot ${middle.snapshot.id}` },
      { actor: "test", action: "snapshot.delete", foundation: "deleted", target: `snapshot ${last.snapshot.id}` },
    ]);
  });
});
