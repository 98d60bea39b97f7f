#!/usr/bin/env node
// Read benchmark at fleet scale: every read a user makes, against `/api/health` measured the same way.
//
//   npm run bench:reads -- [--foundations 20] [--lrps 50000] [--runs 25] [--port 3231] [--keep]
//
// Builds a fleet on one production server (`node scripts/start.mjs`, fresh SQLite file): `--foundations`
// generated dumps of `--lrps` LRPs each (scripts/gen-dump.mjs, a different seed per foundation, ~400 orgs
// each), uploaded through the API as first snapshots. Then, with one keep-alive client, after a warm-up,
// `--runs` rounds that each request every read once (reads interleaved, so a slow moment of the shared
// machine hits them all alike); each round reads another foundation of the fleet. Prints the median of
// each read, its ratio to health's median, and PASS/FAIL against the target ratio (≤ 10×).
// Exit code: 0 when every read met the target, 1 otherwise (or when the fleet could not be built).
import { rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { authHeaders, benchWorkspace, checkSnapshot, median, memoryKb, percentile, portIsFree, startServer, tail, upload } from "./bench-lib.mjs";
import { writeDump } from "./gen-dump.mjs";

const TARGET_RATIO = 10;
const WARMUP_ROUNDS = 3;
/** Every foundation's one snapshot. */
const CAPTURED_AT = "2026-11-29T08:00:00Z";

const USAGE = "usage: npm run bench:reads -- [--foundations 20] [--lrps 50000] [--runs 25] [--port 3231] [--keep]";

function options() {
  const { values } = parseArgs({
    options: {
      foundations: { type: "string", default: "20" },
      lrps: { type: "string", default: "50000" },
      runs: { type: "string", default: "25" },
      port: { type: "string", default: "3231" },
      keep: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const o = { ...values, foundations: Number(values.foundations), lrps: Number(values.lrps), runs: Number(values.runs), port: Number(values.port) };
  if (!Number.isInteger(o.foundations) || o.foundations < 1) throw new Error("--foundations must be a positive integer");
  if (!Number.isInteger(o.lrps) || o.lrps < 1) throw new Error("--lrps must be a positive integer");
  if (!Number.isInteger(o.runs) || o.runs < 20) throw new Error("--runs must be an integer ≥ 20 (a median of fewer is noise)");
  if (!Number.isInteger(o.port) || o.port < 1 || o.port > 65535) throw new Error("--port must be a TCP port");
  return o;
}

const fmtMs = (ms) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1));

// ---------------------------------------------------------------------------------------------------------
// One client for every request, so health and the reads pay the same connection costs.

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** GET → { status, ms, body } (ms: request sent to last byte received). */
function get(base, pathAndQuery) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const req = http.get(`${base}${pathAndQuery}`, { agent, headers: authHeaders() }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, ms: Number(process.hrtime.bigint() - t0) / 1e6, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.setTimeout(120_000, () => req.destroy(new Error(`GET ${pathAndQuery} timed out`)));
  });
}

// ---------------------------------------------------------------------------------------------------------
// The fleet

const foundationName = (i) => `fleet-${String(i).padStart(2, "0")}`;

/** One generated dump per foundation, uploaded as users do (curl --data-binary), checked against the generator's counts. */
async function buildFleet(base, tmp, o) {
  const dump = path.join(tmp, "dump.ndjson");
  for (let i = 1; i <= o.foundations; i++) {
    const foundation = foundationName(i);
    const { stats } = await writeDump({ out: dump, lrps: o.lrps, seed: `fleet-${i}` });
    const res = await upload({ base, foundation, file: dump, capturedAt: CAPTURED_AT, respFile: path.join(tmp, "resp.json") });
    const wrong = checkSnapshot(res, stats, { foundation, capturedAt: CAPTURED_AT });
    if (wrong.length > 0) throw new Error(`upload of ${foundation}: ${wrong.join("; ")}`);
    console.log(`upload   ${foundation}: ${stats.lrps} LRPs, ${stats.apps} apps, ${stats.orgs} orgs, ${res.seconds.toFixed(1)} s`);
  }
  rmSync(dump, { force: true });
}

/** What the reads ask for in one foundation: its biggest org and that org's biggest space, an isolation segment. */
async function readsOf(base, f) {
  const first = await get(base, `/api/foundations/${f}/orgs`);
  if (first.status !== 200) throw new Error(`GET /api/foundations/${f}/orgs returned ${first.status}`);
  const { orgs } = JSON.parse(first.body.toString("utf8"));
  const org = [...orgs].sort((a, b) => b.apps - a.apps)[0];
  const space = [...org.spaces].sort((a, b) => b.apps - a.apps)[0];
  const apps = `/api/foundations/${f}/apps`;
  const enc = encodeURIComponent;
  const reads = [
    ["apps", apps],
    ["apps privileged=true", `${apps}?privileged=true`],
    ["apps privileged=false", `${apps}?privileged=false`],
    ["apps org=name", `${apps}?org=${enc(org.name)}`],
    ["apps org=name page 2", `${apps}?org=${enc(org.name)}&page=2`],
    ["apps org=guid", `${apps}?org=${enc(org.guid)}`],
    ["apps org+space", `${apps}?org=${enc(org.name)}&space=${enc(space.name)}`],
    ["apps space=guid", `${apps}?space=${enc(space.guid)}`],
    ["apps segment=isolated", `${apps}?segment=persistent_isolation_segment`],
    ["apps segment=shared", `${apps}?segment=shared`],
    ["apps status=untriaged", `${apps}?status=untriaged`],
    ["apps present=false", `${apps}?present=false`],
    ["apps present=all", `${apps}?present=all`],
    ["apps present=all sort=status", `${apps}?present=all&sort=status`],
    ["apps risk=true", `${apps}?risk=true`],
    ["apps q=check", `${apps}?q=check`],
    ["apps q=check page 2", `${apps}?q=check&page=2`],
    ["apps q=org name", `${apps}?q=${enc(org.name.slice(0, 6))}`],
    ["apps q=no match", `${apps}?q=zz-no-such-app`],
    ["apps privileged+risk+q", `${apps}?privileged=true&risk=true&q=s`],
    ...["name", "org", "space", "instances", "status"].flatMap((s) => [
      [`apps sort=${s}`, `${apps}?sort=${s}`],
      [`apps sort=${s} desc`, `${apps}?sort=${s}&dir=desc`],
    ]),
    ["apps page 100", `${apps}?page=100`],
    ["apps page 100 sort=org desc", `${apps}?page=100&sort=org&dir=desc`],
    ["apps page 100 privileged=false", `${apps}?page=100&privileged=false`],
    ["apps pageSize=500 page 20", `${apps}?pageSize=500&page=20`],
    ["orgs", `/api/foundations/${f}/orgs`],
    ["orgs page 10", `/api/foundations/${f}/orgs?page=10`],
    ["foundation page", `/foundations/${f}`],
    ["foundation page, orgs page 10", `/foundations/${f}?orgPage=10`],
    ["fleet page", `/`],
  ];
  return { reads, coldMs: first.ms };
}

async function measure(base, o) {
  const fleet = Array.from({ length: o.foundations }, (_, i) => foundationName(i + 1));
  const perFoundation = new Map();
  const cold = [];
  for (const f of fleet) {
    const { reads, coldMs } = await readsOf(base, f);
    perFoundation.set(f, reads);
    cold.push(coldMs);
  }
  const labels = ["health", ...perFoundation.get(fleet[0]).map(([label]) => label)];
  const samples = new Map(labels.map((l) => [l, []]));
  const bytes = new Map();
  // warm: every read of every foundation once, then the measured rounds
  const warmup = Math.max(WARMUP_ROUNDS, fleet.length);
  for (let round = -warmup; round < o.runs; round++) {
    const reads = [["health", "/api/health"], ...perFoundation.get(fleet[(round + warmup) % fleet.length])];
    for (const [label, url] of reads) {
      const r = await get(base, url);
      if (r.status !== 200) throw new Error(`${label}: GET ${url} returned ${r.status}: ${r.body.toString("utf8").slice(0, 200)}`);
      if (round >= 0) samples.get(label).push(r.ms);
      bytes.set(label, Math.max(bytes.get(label) ?? 0, r.body.length));
    }
  }
  return { labels, samples, bytes, cold };
}

function report({ labels, samples, bytes, cold }, o) {
  const health = median(samples.get("health"));
  console.log(`cold     first read of each foundation (its org summary, which builds its app index): median ${fmtMs(median(cold))} ms, max ${fmtMs(Math.max(...cold))} ms`);
  const width = Math.max(...labels.map((l) => l.length));
  console.log("");
  console.log(`${"read".padEnd(width)}  median ms     p90 ms   × health   max KB  result`);
  let failed = 0;
  for (const label of labels) {
    const xs = samples.get(label);
    const med = median(xs);
    const p90 = percentile(xs, 90);
    const ratio = med / health;
    const ok = label === "health" || ratio <= TARGET_RATIO;
    if (!ok) failed++;
    console.log(
      `${label.padEnd(width)}  ${fmtMs(med).padStart(9)}  ${fmtMs(p90).padStart(9)}  ${ratio.toFixed(1).padStart(8)}×  ${(bytes.get(label) / 1024).toFixed(0).padStart(7)}  ${label === "health" ? "" : ok ? "PASS" : "FAIL"}`,
    );
  }
  console.log("");
  console.log(
    `${failed === 0 ? "PASS" : "FAIL"}  ${labels.length - 1 - failed} of ${labels.length - 1} reads within ${TARGET_RATIO}× /api/health ` +
      `(${fmtMs(health)} ms) · ${o.foundations} foundations × ${o.lrps} LRPs · median of ${o.runs} rounds`,
  );
  return failed === 0;
}

// ---------------------------------------------------------------------------------------------------------

let o;
try {
  o = options();
} catch (e) {
  console.error(`bench:reads: ${e.message}\n${USAGE}`);
  process.exit(2);
}
if (o.help) {
  console.log(USAGE);
  process.exit(0);
}

let server = null;
let exitCode = 1;
const { tmp, dbFile, cleanup } = benchWorkspace({ name: "bench-reads", keep: o.keep, server: () => server, onCleanup: () => agent.destroy() });

try {
  if (!(await portIsFree(o.port))) throw new Error(`port ${o.port} is in use; pick another with --port`);
  console.log(`Rootless Ready read bench · node ${process.version} · ${os.cpus().length} cores · ${tmp}`);
  server = await startServer({ port: o.port, dbFile, logFile: path.join(tmp, "server.log") });
  const t0 = Date.now();
  await buildFleet(server.base, tmp, o);
  console.log(`fleet    ${o.foundations} foundations ready in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  exitCode = report(await measure(server.base, o), o) ? 0 : 1;
  const { rss, hwm } = memoryKb(server.pid);
  console.log(`server   RSS ${(rss / 1024).toFixed(0)} MB, peak ${(hwm / 1024).toFixed(0)} MB after the reads (app indexes of every foundation held)`);
} catch (e) {
  console.error(`bench:reads: ${e?.message ?? e}`);
  if (server) console.error(`--- server log (last lines) ---\n${tail(server.logFile, 20)}`);
} finally {
  await cleanup();
}
process.exit(exitCode);
