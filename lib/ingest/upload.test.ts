import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { openSqlite, type Sqlite } from "@/lib/db/sqlite";
import { bearerFor } from "@/lib/testing/auth";
import { sampleDump } from "@/lib/testing/samples";
import { migrate } from "../../scripts/migrate.mjs";

// POST /api/foundations/{f}/snapshots as the route handler answers it: the wrapper's status codes over real ingests.
const dir = mkdtempSync(path.join(tmpdir(), "rr-upload-"));
process.env.DATABASE_URL = `file:${path.join(dir, "upload.db")}`;
const { POST } = await import("@/app/api/foundations/[f]/snapshots/route");
const { scratchRoot } = await import("./ingest");

const SAMPLE = sampleDump();
const [FIRST_LINE] = SAMPLE.toString("utf8").split("\n");
const BOUNDARY = "----rr-upload-test";

let db: Sqlite;
let admin: { authorization: string };
beforeAll(async () => {
  migrate({ log: () => {} });
  db = openSqlite();
  admin = await bearerFor("admin");
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

const tables = ["Foundation", "Snapshot", "App", "Org", "Space", "AppSpan", "LrpSpan", "AppEvent"];
const counts = () => Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT COUNT(*) FROM ${t}`).pluck().get()]));
const scratchLeft = () => (existsSync(scratchRoot()) ? readdirSync(scratchRoot()) : []);

/** A request body the test feeds by hand; `pulls` counts how often the server asked for more. */
function handBody(first?: Buffer) {
  let ctrl!: ReadableStreamDefaultController<Uint8Array>;
  const source: UnderlyingDefaultSource<Uint8Array> = {
    start(c) {
      ctrl = c;
      if (first) c.enqueue(new Uint8Array(first));
    },
    pull() {
      body.pulls++;
    },
  };
  const body = {
    pulls: 0,
    // no read-ahead: pull() runs only when the server reads
    stream: new ReadableStream<Uint8Array>(source, { highWaterMark: 0 }),
    end: () => ctrl.close(),
    fail: (e: Error) => ctrl.error(e),
  };
  return body;
}

function post(f: string, body: ReadableStream<Uint8Array> | Buffer, headers: Record<string, string> = {}) {
  const req = new Request(`http://localhost/api/foundations/${f}/snapshots?capturedAt=2026-11-01T00:00:00Z`, {
    method: "POST",
    body,
    headers: { authorization: admin.authorization, ...headers },
    duplex: "half",
  } as RequestInit);
  return POST(req, { params: Promise.resolve({ f }) });
}

/** What a person uploading sees: the status, the JSON, and that nothing was stored or left behind. */
async function expectRefused(res: Response, status: number, message: RegExp, before: Record<string, unknown>, scratch: string[] = []) {
  const json = (await res.json()) as { error: string };
  expect(res.status, json.error).toBe(status);
  expect(json.error).toMatch(message);
  expect(res.headers.get("connection")).toBe("close");
  expect(counts()).toEqual(before);
  expect(scratchLeft()).toEqual(scratch);
  return json;
}

describe("POST /api/foundations/{f}/snapshots", () => {
  it("refuses a third concurrent upload at once with 503 and Retry-After, without reading its body", async () => {
    const before = counts();
    const running = [handBody(Buffer.from(`${FIRST_LINE}\n`)), handBody(Buffer.from(`${FIRST_LINE}\n`))];
    const answers = running.map((b, i) => post(`busy-${i}`, b.stream));
    await vi.waitFor(() => expect(scratchLeft()).toHaveLength(2));
    const runningScratch = scratchLeft();

    const third = handBody();
    try {
      const res = await post("busy-third", third.stream);
      const json = await expectRefused(res, 503, /2 uploads are already being ingested \(MAX_CONCURRENT_UPLOADS\)/, before, runningScratch);
      expect(res.headers.get("retry-after")).toBe("30");
      expect(json).toMatchObject({ retryAfter: 30 });
      expect(third.pulls).toBe(0);
    } finally {
      running.forEach((b) => b.end());
    }
    expect((await Promise.all(answers)).map((r) => r.status)).toEqual([201, 201]);
    expect(scratchLeft()).toEqual([]);
    // their slots are free again
    expect((await post("busy-third", SAMPLE)).status).toBe(201);
  });

  it("answers 408 to an upload whose client goes quiet, and removes its scratch folder", async () => {
    vi.stubEnv("UPLOAD_IDLE_SECONDS", "0.3");
    const before = counts();
    const quiet = handBody(Buffer.from(`${FIRST_LINE}\n`));
    const res = await post("quiet", quiet.stream);
    await expectRefused(res, 408, /nothing arrived for 0.3 s \(UPLOAD_IDLE_SECONDS\): the upload was stopped and nothing was stored/, before);
  });

  it("answers 422 to a multipart body cut off before its closing boundary", async () => {
    const before = counts();
    const whole = Buffer.concat([
      Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="lrps.ndjson"\r\n\r\n`),
      SAMPLE,
      Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
    ]);
    const res = await post("cut", whole.subarray(0, whole.length - 300), { "content-type": `multipart/form-data; boundary=${BOUNDARY}` });
    await expectRefused(res, 422, /multipart body ends before its closing boundary/, before);
  });

  it("answers 503 when the connection breaks off mid-upload, and removes its scratch folder", async () => {
    const before = counts();
    const broken = handBody(Buffer.from(`${FIRST_LINE}\n`));
    const answer = post("broken", broken.stream);
    await vi.waitFor(() => expect(scratchLeft()).toHaveLength(1));
    broken.fail(Object.assign(new Error("aborted"), { code: "ECONNRESET" }));
    await expectRefused(await answer, 503, /connection closed before the upload ended: nothing was stored/, before);
  });

  it("answers 500 to an infrastructure failure, with its cause in the server log, never a 422", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const before = counts();
    // the scratch root is a file: creating the upload's folder fails as a broken disk would
    rmSync(scratchRoot(), { recursive: true, force: true });
    writeFileSync(scratchRoot(), "");
    try {
      const res = await post("infra", SAMPLE);
      const json = (await res.json()) as { error: string };
      expect(res.status).toBe(500);
      expect(json.error).toBe("internal error: the request was not applied; the server log has the cause");
      expect(error).toHaveBeenCalledWith(expect.stringMatching(/^\[api\] internal error, the request was not applied: Error E(NOTDIR|EXIST): /));
      expect(counts()).toEqual(before);
    } finally {
      rmSync(scratchRoot(), { force: true });
    }
  });
});
