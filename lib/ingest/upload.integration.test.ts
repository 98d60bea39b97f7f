import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleDump } from "@/lib/testing/samples";
import { INTEGRATION_PORT, keepSending, killServers, rawPost, scratchOf, startServer, tableCounts, type RunningServer } from "@/lib/testing/server";

// Uploads against the production server (node scripts/start.mjs): what a client on the wire sees.
const dir = mkdtempSync(path.join(tmpdir(), "rr-upload-it-"));
const db = path.join(dir, "app.db");
const [FIRST_LINE] = sampleDump().toString("utf8").split("\n");
const BAD_START = Buffer.from(`${FIRST_LINE}\n{"process_guid": oops}\n`);
/** valid lines to send after the bad one: a client that does not listen keeps sending these */
const MORE_LINES = Buffer.from(`${FIRST_LINE}\n`.repeat(200));

let server: RunningServer;
let before: Record<string, number>;
beforeAll(async () => {
  server = await startServer(INTEGRATION_PORT, db, { UPLOAD_IDLE_SECONDS: "2" });
  before = tableCounts(db);
}, 120_000);
afterAll(() => {
  killServers();
  rmSync(dir, { recursive: true, force: true });
});

const json = (body: string) => JSON.parse(body) as { error: string; line?: number; retryAfter?: number };

describe("uploads over HTTP", () => {
  it("a 422 decided early reaches a client that keeps sending, with its line, and the connection closes in order", async () => {
    const answer = await rawPost(server.url, "/api/foundations/early/snapshots", { "Content-Length": String(200 * 1024 * 1024), Authorization: server.authorization }, (socket) => {
      socket.write(BAD_START);
      keepSending(socket, MORE_LINES, 200 * 1024 * 1024);
    });
    expect(answer.status).toBe(422);
    expect(json(answer.body)).toEqual({ error: "line 2 is not valid JSON: the whole upload was rejected", line: 2 });
    expect(answer.headers.connection).toBe("close");
    // no reset: the server read and discarded what the client still sent, then closed
    expect(answer.error).toBeNull();
    expect(answer.ms).toBeLessThan(5000);
    expect(tableCounts(db)).toEqual(before);
    expect(scratchOf(db)).toEqual([]);
  });

  it("curl --data-binary of a large dump with a bad second line prints the 422 and its line", async () => {
    const file = path.join(dir, "bad.ndjson");
    writeFileSync(file, Buffer.concat([BAD_START, ...Array.from({ length: 300 }, () => MORE_LINES)]));
    const curl = spawnSync("curl", ["-sS", "--max-time", "20", "-w", "\n%{http_code}", "-H", `Authorization: ${server.authorization}`, "--data-binary", `@${file}`, `${server.url}/api/foundations/early/snapshots`], {
      encoding: "utf8",
    });
    expect(curl.error, "curl is needed for this test").toBeUndefined();
    expect(curl.stderr).toBe("");
    expect(curl.status).toBe(0);
    const [body, status] = curl.stdout.split("\n");
    expect(status).toBe("422");
    expect(json(body)).toEqual({ error: "line 2 is not valid JSON: the whole upload was rejected", line: 2 });
    expect(tableCounts(db)).toEqual(before);
    expect(scratchOf(db)).toEqual([]);
  });

  it("refuses an upload beyond MAX_CONCURRENT_UPLOADS at once with 503 and Retry-After; idle uploads end in 408", async () => {
    const stalled = [0, 1].map((i) =>
      rawPost(server.url, `/api/foundations/stalled-${i}/snapshots`, { "Content-Length": String(10 * 1024 * 1024), Authorization: server.authorization }, (socket) => socket.write(`${FIRST_LINE}\n`)),
    );
    // both hold an ingest (a scratch folder each) before the third arrives
    for (let t = Date.now(); scratchOf(db).length < 2 && Date.now() - t < 5000; ) await new Promise((r) => setTimeout(r, 50));
    expect(scratchOf(db)).toHaveLength(2);

    // headers only: the answer must not wait for a body
    const third = await rawPost(server.url, "/api/foundations/third/snapshots", { "Content-Length": String(10 * 1024 * 1024), Authorization: server.authorization }, () => {});
    expect(third.status).toBe(503);
    expect(third.headers["retry-after"]).toBe("30");
    expect(json(third.body).error).toMatch(/^2 uploads are already being ingested \(MAX_CONCURRENT_UPLOADS\): nothing was read; send it again in 30 s$/);

    for (const idle of await Promise.all(stalled)) {
      expect(idle.status).toBe(408);
      expect(idle.headers.connection).toBe("close");
      expect(json(idle.body).error).toMatch(/^nothing arrived for 2 s \(UPLOAD_IDLE_SECONDS\): the upload was stopped and nothing was stored; send it again$/);
      expect(idle.ms).toBeLessThan(6000);
    }
    expect(tableCounts(db)).toEqual(before);
    expect(scratchOf(db)).toEqual([]);
  });
});
