import { mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { sampleDump } from "@/lib/testing/samples";
import { INTEGRATION_PORT, killServers, rawPost, scratchOf, startServer, tableCounts, type RunningServer } from "@/lib/testing/server";
import { generateDumpLines } from "./gen-dump.mjs";

// The server's life: a kill in the middle of an upload, and a shutdown with clients that never finish.
const PORT = INTEGRATION_PORT + 1;
const dir = mkdtempSync(path.join(tmpdir(), "rr-start-it-"));
afterEach(() => killServers());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Some megabytes of a large dump: enough for ingest to be staging it when the server goes down. */
const START_OF_LARGE_DUMP = Buffer.from([...generateDumpLines({ lrps: 2500, seed: 7 })].join(""));

/** A client that sends the start of a large upload and then nothing more, holding the connection. */
function stalledUpload(server: RunningServer, foundation: string) {
  return rawPost(server.url, `/api/foundations/${foundation}/snapshots?capturedAt=2026-11-02T00:00:00Z`, { "Content-Length": String(START_OF_LARGE_DUMP.length * 4), Authorization: server.authorization }, (socket) =>
    socket.write(START_OF_LARGE_DUMP),
  );
}

async function until(what: string, check: () => boolean, ms = 10_000) {
  for (const start = Date.now(); !check(); ) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** What the API says of a foundation: what a user sees of it. */
async function apiView(server: RunningServer, f: string) {
  const get = async (p: string) => (await fetch(`${server.url}${p}`, { headers: { authorization: server.authorization } })).json();
  return {
    foundations: await get("/api/foundations"),
    snapshots: await get(`/api/foundations/${f}/snapshots`),
    apps: await get(`/api/foundations/${f}/apps?pageSize=500`),
    orgs: await get(`/api/foundations/${f}/orgs`),
  };
}

describe("scripts/start.mjs", () => {
  it("restarts after a SIGKILL mid-upload with no partial snapshot, earlier data intact and no scratch left", async () => {
    const db = path.join(dir, "killed.db");
    const first = await startServer(PORT, db);
    const created = await fetch(`${first.url}/api/foundations/prod/snapshots?capturedAt=2026-11-01T00:00:00Z`, { method: "POST", body: new Uint8Array(sampleDump()), headers: { authorization: first.authorization } });
    expect(created.status).toBe(201);
    const seen = await apiView(first, "prod");
    const counts = tableCounts(db);

    const cut = stalledUpload(first, "prod");
    // ingest is staging the second dump in its scratch folder
    await until("the second upload is being staged", () => scratchOf(db).length === 1);
    first.kill("SIGKILL");
    expect((await first.exited).signal).toBe("SIGKILL");
    await cut;
    expect(scratchOf(db)).toHaveLength(1);

    const second = await startServer(PORT, db);
    expect(second.log()).toMatch(/\[start\] removed 1 scratch folder\(s\) of uploads cut off by an earlier stop/);
    expect(scratchOf(db)).toEqual([]);
    const after = await apiView(second, "prod");
    expect(after.snapshots.snapshots).toHaveLength(1);
    expect(after).toEqual(seen);
    expect(tableCounts(db)).toEqual(counts);
  });

  it("exits within 10 s of SIGTERM with stalled clients connected, answering the upload in flight with 503", async () => {
    const db = path.join(dir, "stopped.db");
    const server = await startServer(PORT, db);
    const counts = tableCounts(db);
    const upload = stalledUpload(server, "prod");
    await until("the upload is being staged", () => scratchOf(db).length === 1);
    // a client that never finishes its request headers, and an idle keep-alive connection
    const slow = connect(PORT, "127.0.0.1");
    slow.on("error", () => {});
    slow.write("GET /api/health HTTP/1.1\r\nHost: x\r\nX-Slow: ");
    const idle = connect(PORT, "127.0.0.1");
    idle.on("error", () => {});
    idle.on("data", () => {});
    idle.write("GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n");
    await new Promise((r) => setTimeout(r, 300));

    const signalled = Date.now();
    server.kill("SIGTERM");
    const exit = await Promise.race([server.exited, new Promise((r) => setTimeout(() => r("still running after 15 s"), 15_000))]);
    const took = Date.now() - signalled;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(took).toBeLessThan(10_000);

    const answer = await upload;
    expect(answer.status).toBe(503);
    expect(answer.headers["retry-after"]).toBe("30");
    expect(JSON.parse(answer.body).error).toBe("the server is shutting down: nothing of this upload was stored; send it again in 30 s");
    expect(scratchOf(db)).toEqual([]);
    expect(tableCounts(db)).toEqual(counts);
    expect(server.log()).toMatch(/\[start\] SIGTERM: stopping/);
    console.log(`SIGTERM to exit: ${took} ms`);
  });
});
