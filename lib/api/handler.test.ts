import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { DumpFormatError } from "@/lib/cfdot/extract";
import { openUpload } from "@/lib/ingest/body";
import { IngestError, type IngestErrorKind } from "@/lib/ingest/errors";
import { ingestSnapshot } from "@/lib/ingest/ingest";
import { bearerFor } from "@/lib/testing/auth";
import { sampleDump } from "@/lib/testing/samples";
import { migrate } from "../../scripts/migrate.mjs";

const dir = mkdtempSync(path.join(tmpdir(), "rr-handler-"));
process.env.DATABASE_URL = `file:${path.join(dir, "handler.db")}`;
const { errorResponse, route } = await import("./handler");

let headers: { authorization: string };
beforeAll(async () => {
  migrate({ log: () => {} });
  headers = await bearerFor("admin");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

type Ctx = { params: Promise<Record<string, string>> };
const ctx = (params: Record<string, string> = {}): Ctx => ({ params: Promise.resolve(params) });
const failing = (err: unknown) => route({ allow: "read" }, async () => Promise.reject(err));

describe("errorResponse", () => {
  const statuses: [IngestErrorKind, number][] = [
    ["invalid", 422],
    ["too_large", 413],
    ["conflict", 409],
    ["busy", 503],
    ["idle", 408],
    ["aborted", 503],
    ["disk_full", 507],
    ["not_found", 404],
  ];
  for (const [kind, status] of statuses) {
    it(`answers an ingest error of kind ${kind} with ${status}, its message and details`, async () => {
      const res = errorResponse(new IngestError(kind, `what went wrong (${kind})`, { limit: 7 }));
      expect(res.status).toBe(status);
      expect(await res.json()).toEqual({ error: `what went wrong (${kind})`, limit: 7 });
    });
  }

  it("tells a refused client when to come back with Retry-After", () => {
    const res = errorResponse(new IngestError("busy", "busy", { retryAfter: 30 }));
    expect(res.headers.get("retry-after")).toBe("30");
  });

  it("answers a bad line with 422 and its line number", async () => {
    const res = errorResponse(new DumpFormatError("line 2 is not valid JSON: the whole upload was rejected", 2));
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ error: "line 2 is not valid JSON: the whole upload was rejected", line: 2 });
  });

  const failures: [string, Error, RegExp][] = [
    ["an SQLite I/O error", Object.assign(new Error("disk I/O error"), { name: "SqliteError", code: "SQLITE_IOERR" }), /SqliteError SQLITE_IOERR: disk I\/O error$/],
    ["a file-system error", Object.assign(new Error("EIO: i/o error, write"), { code: "EIO" }), /Error EIO: EIO: i\/o error, write$/],
    ["a worker that died", new Error("the writer worker stopped", { cause: Object.assign(new Error("out of memory"), { code: "ERR_WORKER_OUT_OF_MEMORY" }) }), /Error: the writer worker stopped; caused by Error ERR_WORKER_OUT_OF_MEMORY: out of memory$/],
  ];
  for (const [name, err, logged] of failures) {
    it(`answers ${name} with 500, never a 4xx, and logs its class, code and message`, async () => {
      const log = vi.spyOn(console, "error").mockImplementation(() => {});
      const res = errorResponse(err);
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ error: "internal error: the request was not applied; the server log has the cause" });
      expect(log).toHaveBeenCalledWith(expect.stringMatching(logged));
    });
  }

  it("keeps a SyntaxError's message out of the log: JSON.parse quotes its input", () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    let parseError: unknown;
    try {
      JSON.parse("hunter2 is not JSON");
    } catch (e) {
      parseError = e;
    }
    expect(errorResponse(parseError).status).toBe(500);
    expect(log.mock.calls.flat().join(" ")).not.toContain("hunter2");
  });
});

describe("route", () => {
  it("closes the connection after an error answer to a request with a body, which may be unread", async () => {
    const post = failing(new DumpFormatError("line 2 is not valid JSON", 2));
    const res = await post(new Request("http://localhost/x", { method: "POST", body: "{}\n{oops", headers }), ctx());
    expect(res.status).toBe(422);
    expect(res.headers.get("connection")).toBe("close");
    const get = await failing(new IngestError("not_found", "snapshot not found"))(new Request("http://localhost/x", { headers }), ctx());
    expect(get.status).toBe(404);
    expect(get.headers.get("connection")).toBeNull();
  });
});

describe("query parameters", () => {
  const echo = route({ allow: "read", query: z.object({ one: z.string().optional(), many: z.union([z.string(), z.array(z.string())]).optional() }) }, async ({ query }) => query);
  const get = (qs: string) => echo(new Request(`http://localhost/x?${qs}`, { headers }), ctx());

  it("hands a repeated parameter to the schema as the list of its values, a single one as its value", async () => {
    const res = await get("one=a&many=b&many=c");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ one: "a", many: ["b", "c"] });
  });

  it("answers 400 when a parameter the schema takes once is repeated, rather than picking one", async () => {
    expect((await get("one=a&one=b")).status).toBe(400);
  });
});

describe("404s never echo the name from the URL", () => {
  const F = "no-such-foundation-7f3a9c";
  const GUID = "a1b2c3d4-0000-4000-8000-canary000001";
  const routes: [string, () => Promise<{ GET: (req: Request, ctx: Ctx) => Promise<Response> }>, Record<string, string>][] = [
    ["GET /api/foundations/{f}/snapshots", () => import("@/app/api/foundations/[f]/snapshots/route"), { f: F }],
    ["GET /api/foundations/{f}/orgs", () => import("@/app/api/foundations/[f]/orgs/route"), { f: F }],
    ["GET /api/foundations/{f}/apps", () => import("@/app/api/foundations/[f]/apps/route"), { f: F }],
    ["GET /api/foundations/{f}/apps/{guid}", () => import("@/app/api/foundations/[f]/apps/[guid]/route"), { f: F, guid: GUID }],
  ];
  for (const [name, load, params] of routes) {
    it(`${name} answers an unknown foundation with a 404 that does not quote it`, async () => {
      const { GET } = await load();
      const res = await GET(new Request(`http://localhost/api/foundations/${F}`, { headers }), ctx(params));
      const text = await res.text();
      expect(res.status).toBe(404);
      expect(JSON.parse(text)).toEqual({ error: "foundation not found" });
      expect(text).not.toContain(F);
      expect(text).not.toContain(GUID);
    });
  }

  it("DELETE /api/foundations/{f} and DELETE /api/foundations/{f}/snapshots/{id} answer unknown ones with a 404 that does not quote them", async () => {
    const { DELETE: deleteFoundation } = await import("@/app/api/foundations/[f]/route");
    const { DELETE: deleteSnapshot } = await import("@/app/api/foundations/[f]/snapshots/[id]/route");
    const foundation = await deleteFoundation(new Request(`http://localhost/api/foundations/${F}`, { method: "DELETE", headers }), ctx({ f: F }));
    const snapshot = await deleteSnapshot(new Request(`http://localhost/api/foundations/${F}/snapshots/987654`, { method: "DELETE", headers }), ctx({ f: F, id: "987654" }));
    expect(foundation.status).toBe(404);
    expect(await foundation.text()).toBe(JSON.stringify({ error: "foundation not found" }));
    expect(snapshot.status).toBe(404);
    const text = await snapshot.text();
    expect(text).not.toContain(F);
    expect(text).not.toContain("987654");
  });

  it("GET /api/foundations/{f}/apps/{guid} answers an unknown app with a 404 that does not quote it", async () => {
    const known = "known-foundation";
    const dump = await openUpload(Readable.from([sampleDump()]), { contentType: null, contentEncoding: null }, 1e9);
    await ingestSnapshot({ foundation: known, capturedAt: new Date("2026-11-01T00:00:00Z"), dump, actor: "test" });
    const { GET } = await import("@/app/api/foundations/[f]/apps/[guid]/route");
    const res = await GET(new Request(`http://localhost/api/foundations/${known}/apps/${GUID}`, { headers }), ctx({ f: known, guid: GUID }));
    const text = await res.text();
    expect(res.status).toBe(404);
    expect(JSON.parse(text)).toEqual({ error: "app not found" });
    expect(text).not.toContain(GUID);
  });
});

describe("JSON bodies", () => {
  const echo = route({ allow: "read", body: z.object({ action: z.enum(["verify"]), note: z.string().optional() }) }, async ({ body }) => body);
  const post = (body: string) => echo(new Request("http://localhost/x", { method: "POST", body, headers }), ctx());

  it("hands the handler the parsed body", async () => {
    const res = await post(JSON.stringify({ action: "verify", note: "fine" }));
    expect(await res.json()).toEqual({ action: "verify", note: "fine" });
  });

  it("answers 400 for malformed JSON or a body the schema refuses, never quoting the input", async () => {
    const secret = "s3cr3t-canary";
    for (const body of [`{"action": ${secret}`, JSON.stringify({ action: secret })]) {
      const res = await post(body);
      expect(res.status).toBe(400);
      expect(await res.text()).not.toContain(secret);
    }
  });

  it("answers 413 for a body far larger than any action", async () => {
    const res = await post(JSON.stringify({ action: "verify", note: "x".repeat(70 * 1024) }));
    expect(res.status).toBe(413);
  });
});
