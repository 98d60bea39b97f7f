#!/usr/bin/env node
// The fleet roll-up and who-is-stuck at fleet scale (issue #10): `/` and `GET /api/progress/orgs|stuck`.
//
//   npm run bench:rollup -- [--foundations 20] [--lrps 50000] [--runs 20] [--port 3392]
//
// Uploads generated dumps (a different seed per foundation, so org names repeat across foundations as teams'
// do), then times: the first `/` (it reads every foundation's org counts and open apps), `/`, the APIs and the
// page of the org with most privileged apps (its series summed over the foundations that have it) warm (median),
// `/` right after a workflow action on one foundation (that foundation is read again), and the first `/` after a
// restart once the server's background warm-up is done: the script exits non-zero when either costs more than a
// quarter of the cold `/` measured in the same run.
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { readFileSync, statSync } from "node:fs";
import { authHeaders, benchWorkspace, checkSnapshot, get, median, memoryKb, portIsFree, sleep, startServer, stopServer, tail, upload } from "./bench-lib.mjs";
import { writeDump } from "./gen-dump.mjs";

const { values } = parseArgs({
  options: {
    foundations: { type: "string", default: "20" },
    lrps: { type: "string", default: "50000" },
    runs: { type: "string", default: "20" },
    port: { type: "string", default: "3392" },
  },
});
const o = { foundations: Number(values.foundations), lrps: Number(values.lrps), runs: Number(values.runs), port: Number(values.port) };
const CAPTURED_AT = "2026-11-29T08:00:00Z";
const fmt = (ms) => ms.toFixed(1).padStart(8);

let server = null;
let exitCode = 1;
const { tmp, dbFile, cleanup } = benchWorkspace({ name: "bench-rollup", keep: false, server: () => server });

async function post(base, urlPath, body) {
  const res = await fetch(`${base}${urlPath}`, { method: "POST", headers: { ...authHeaders(), origin: base, "content-type": "application/json" }, body: JSON.stringify(body) });
  if (res.status !== 200) throw new Error(`POST ${urlPath} returned ${res.status}`);
}

async function timed(base, url) {
  const r = await get(base, url);
  if (r.status !== 200) throw new Error(`GET ${url} returned ${r.status}`);
  return r;
}

try {
  if (!(await portIsFree(o.port))) throw new Error(`port ${o.port} is in use; pick another with --port`);
  console.log(`bench-rollup · node ${process.version} · ${os.cpus().length} cores · ${o.foundations} foundations × ${o.lrps} LRPs`);
  server = await startServer({ port: o.port, dbFile, logFile: path.join(tmp, "server.log") });
  const dump = path.join(tmp, "dump.ndjson");
  const t0 = Date.now();
  for (let i = 1; i <= o.foundations; i++) {
    const foundation = `fleet-${String(i).padStart(2, "0")}`;
    const { stats } = await writeDump({ out: dump, lrps: o.lrps, seed: `fleet-${i}` });
    const res = await upload({ base: server.base, foundation, file: dump, capturedAt: CAPTURED_AT, respFile: path.join(tmp, "resp.json") });
    const wrong = checkSnapshot(res, stats, { foundation, capturedAt: CAPTURED_AT });
    if (wrong.length > 0) throw new Error(`upload of ${foundation}: ${wrong.join("; ")}`);
  }
  console.log(`fleet    ready in ${((Date.now() - t0) / 1000).toFixed(0)} s`);

  const cold = await timed(server.base, "/");
  console.log(`cold     first / (reads ${o.foundations} foundations): ${fmt(cold.ms)} ms`);
  const top = JSON.parse((await get(server.base, "/api/progress/orgs?pageSize=1", { keepBody: true })).body.toString("utf8")).orgs[0].name;
  const org = encodeURIComponent(top);
  const reads = [
    ["health", "/api/health"],
    ["GET /api/progress (no org)", "/api/progress"],
    ["GET /api/progress?org=top", `/api/progress?org=${org}`],
    ["/orgs/{top}", `/orgs/${org}`],
    ["/", "/"],
    ["/?orgPage=5", "/?orgPage=5"],
    ["/?orgSearch=a", "/?orgSearch=a"],
    ["GET /api/progress/orgs", "/api/progress/orgs"],
    ["GET /api/progress/stuck", "/api/progress/stuck"],
  ];
  const samples = new Map(reads.map(([l]) => [l, []]));
  const bytes = new Map();
  for (let round = -2; round < o.runs; round++) {
    for (const [label, url] of reads) {
      const r = await timed(server.base, url);
      if (round >= 0) samples.get(label).push(r.ms);
      bytes.set(label, r.bytes);
    }
  }
  console.log(`\n${"read".padEnd(26)} median ms    KB`);
  for (const [label] of reads) console.log(`${label.padEnd(26)} ${fmt(median(samples.get(label)))}  ${(bytes.get(label) / 1024).toFixed(0).padStart(5)}`);

  const privileged = JSON.parse((await get(server.base, "/api/foundations/fleet-01/apps?status=untriaged&pageSize=6", { keepBody: true })).body.toString("utf8")).items;
  const afterWrite = { page: [], api: [] };
  for (const [i, app] of privileged.entries()) {
    await post(server.base, `/api/foundations/fleet-01/apps/${app.guid}/events`, { action: "start_test", testOrg: "sandbox", testSpace: "rootless", testApp: "x" });
    // as a manager meets it: `/` first after someone acted on one foundation; then, on other writes, the API alone
    if (i % 2 === 0) afterWrite.page.push((await timed(server.base, "/")).ms);
    else afterWrite.api.push((await timed(server.base, "/api/progress/stuck")).ms);
  }
  const list = (xs) => xs.map((ms) => `${ms.toFixed(0)} ms`).join(", ");
  console.log(`\nafter a write to one foundation: / ${list(afterWrite.page)}; GET /api/progress/stuck ${list(afterWrite.api)}`);
  // A write re-reads the foundation written to only: `/` after it costs a fraction of the cold `/` that read all of
  // them, measured in this same run (the machine's speed cancels out).
  const ratio = median(afterWrite.page) / cold.ms;
  const target = Math.max(0.25, 2 / o.foundations);
  const pass = ratio <= target;
  console.log(`target   / after a write ÷ cold / = ${ratio.toFixed(3)} (≤ ${target.toFixed(2)}): ${pass ? "PASS" : "FAIL"}`);

  // a restart (a deploy): the server reads the fleet page's data in the background as soon as it listens, and
  // answers meanwhile; `/` once that is done
  const { rss, hwm } = memoryKb(server.pid);
  console.log(`server   RSS ${(rss / 1024).toFixed(0)} MB, peak ${(hwm / 1024).toFixed(0)} MB`);
  const logOffset = statSync(server.logFile).size;
  await stopServer(server);
  server = await startServer({ port: o.port, dbFile, logFile: server.logFile, fresh: false });
  const t1 = Date.now();
  const healthMs = [];
  let warmed = null;
  while (!(warmed = /\[warm-up\] .* ready \((\d+) ms\)/.exec(readFileSync(server.logFile, "utf8").slice(logOffset)))) {
    if (Date.now() - t1 > 300_000) throw new Error("the warm-up after the restart did not finish within 5 min");
    healthMs.push((await timed(server.base, "/api/health")).ms);
    await sleep(100);
  }
  const restarted = await timed(server.base, "/");
  console.log(
    `\nafter a restart: warm-up ${warmed[1]} ms (/api/health meanwhile: max ${Math.max(0, ...healthMs).toFixed(0)} ms over ${healthMs.length} checks); then the first / ${restarted.ms.toFixed(0)} ms`,
  );
  // Both firsts load the page's code; only a fleet whose reads outweigh that (cold / over 2 s: 20 × 50k LRPs takes
  // 4.5 s) can show what the warm-up saves, so smaller runs report the ratio without a verdict.
  const restartRatio = restarted.ms / cold.ms;
  const enforced = cold.ms >= 2000;
  const restartPass = !enforced || restartRatio <= 0.25;
  console.log(
    `target   first / after a restart ÷ cold / = ${restartRatio.toFixed(3)} (≤ 0.25): ${enforced ? (restartPass ? "PASS" : "FAIL") : "not judged (cold / under 2 s)"}`,
  );
  const after = memoryKb(server.pid);
  console.log(`server   after the restart and warm-up: RSS ${(after.rss / 1024).toFixed(0)} MB`);
  exitCode = pass && restartPass ? 0 : 1;
} catch (e) {
  console.error(`bench-rollup: ${e?.message ?? e}`);
  if (server) console.error(`--- server log (last lines) ---\n${tail(server.logFile, 20)}`);
} finally {
  await cleanup();
}
process.exit(exitCode);
