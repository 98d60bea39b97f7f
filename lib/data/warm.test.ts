import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { VIEWER } from "@/lib/testing/actors";
import { ingestLines } from "@/lib/testing/ingest";
import { sampleDump } from "@/lib/testing/samples";
import { migrate } from "../../scripts/migrate.mjs";

// The warm-up after a restart, against a real SQLite file: what the fleet page reads is in its caches before any
// page asks, once per process.
const dir = mkdtempSync(path.join(tmpdir(), "rr-warm-"));
process.env.DATABASE_URL = `file:${path.join(dir, "data.db")}`;
const { warmUpOnce } = await import("./warm");
const { readDb } = await import("@/lib/db/sqlite");
const { listSegments } = await import("./orgs");

const lines = sampleDump().toString("utf8").trim().split("\n");
const caches = globalThis as unknown as { __fleetReads?: Map<number, unknown>; __series?: Map<number, unknown>; __segmentCounts?: Map<number, unknown> };

beforeAll(async () => {
  migrate({ log: () => {} });
  await ingestLines("east", lines, "2026-11-01T00:00:00Z");
  await ingestLines("west", lines.slice(0, 2), "2026-11-01T00:00:00Z");
  // a foundation without a snapshot yet has nothing to read
  readDb().prepare(`INSERT INTO Foundation (name) VALUES ('empty')`).run();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the warm-up", () => {
  it("reads every foundation with a snapshot into the fleet page's caches, once per process", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    await warmUpOnce();
    await warmUpOnce();
    expect(log.mock.calls.map((c) => String(c[0]).replace(/\(\d+ ms\)/, "(N ms)"))).toEqual(["[warm-up] the fleet page's reads of 2 foundation(s) are ready (N ms)"]);
    log.mockRestore();
    for (const cache of [caches.__fleetReads, caches.__series, caches.__segmentCounts]) expect(cache?.size).toBe(2);

    // what a page then reads is what the warm-up kept
    const kept = caches.__segmentCounts!.get(readDb().prepare(`SELECT id FROM Foundation WHERE name = 'east'`).pluck().get() as number) as { segments: unknown };
    expect(await listSegments(VIEWER, "east")).toBe(kept.segments);
  });
});
