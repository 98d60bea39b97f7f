import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appsCsvStream, appsJsonStream } from "@/lib/export/apps";
import { openUpload } from "@/lib/ingest/body";
import { ingestSnapshot } from "@/lib/ingest/ingest";
import { appListQuery } from "@/lib/schemas/app";
import { parseCsv } from "@/lib/testing/csv";
import { generateDumpLines } from "../../scripts/gen-dump.mjs";
import { migrate } from "../../scripts/migrate.mjs";
import { VIEWER } from "@/lib/testing/actors";

// Exports against the paged list on a generated foundation: the same apps, in the same order, every page.
const dir = mkdtempSync(path.join(tmpdir(), "rr-export-"));
process.env.DATABASE_URL = `file:${path.join(dir, "data.db")}`;
const { listApps, listAllApps } = await import("./apps");
const F = "export-test";

beforeAll(async () => {
  migrate({ log: () => {} });
  const lines = [...generateDumpLines({ lrps: 1500, orgs: 12, seed: "export-test", privilegedShare: 0.3 })];
  const body = await openUpload(Readable.from([Buffer.from(lines.join(""))]), { contentType: null, contentEncoding: null }, 1e9);
  await ingestSnapshot({ foundation: F, capturedAt: new Date("2026-11-01T00:00:00Z"), dump: body, actor: "test" });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every page of the list, as the table would walk it. */
async function allPages(raw: Record<string, string>): Promise<{ total: number; guids: string[] }> {
  const guids: string[] = [];
  let total = 0;
  for (let page = 1; page < 100; page++) {
    const res = await listApps(VIEWER, F, appListQuery.parse({ ...raw, page: String(page), pageSize: "100" }));
    total = res.total;
    guids.push(...res.items.map((i) => i.guid));
    if (res.items.length < 100) break;
  }
  return { total, guids };
}

const FILTERS: Record<string, string>[] = [{}, { privileged: "true" }, { privileged: "false", sort: "instances", dir: "desc" }, { status: "untriaged", sort: "org" }, { q: "a", risk: "true" }, { q: "no-such-app" }];

describe("app exports", () => {
  it.each(FILTERS)("CSV rows are exactly the filtered list, all pages, in its order: %o", async (raw) => {
    const list = await allPages(raw);
    // a batch smaller than a page: the export crosses many batch edges
    const csv = parseCsv(await new Response(appsCsvStream(await listAllApps(VIEWER, F, appListQuery.parse({ ...raw, page: "3", pageSize: "5" }), 37))).text());
    expect(csv.length - 1).toBe(list.total);
    expect(csv.slice(1).map((r) => r[1])).toEqual(list.guids);
  });

  it("JSON has the same apps and the total", async () => {
    const raw = { privileged: "true", sort: "space" };
    const list = await allPages(raw);
    expect(list.total).toBeGreaterThan(100);
    const json = JSON.parse(await new Response(appsJsonStream(await listAllApps(VIEWER, F, appListQuery.parse(raw), 64))).text()) as { items: { guid: string }[]; total: number };
    expect(json.total).toBe(list.total);
    expect(json.items.map((i) => i.guid)).toEqual(list.guids);
  });
});
