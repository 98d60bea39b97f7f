#!/usr/bin/env node
// A year of history: daily snapshots of one foundation through the API, then the database size and the reads.
//
//   npm run bench:history -- [--lrps 10000] [--days 365] [--reads 7] [--port 3221] [--seed 1] [--keep]
//
// Starts `node scripts/start.mjs` (HOST 127.0.0.1, a fresh database data/bench-history-<port>.db), generates
// the foundation's dump day by day (scripts/gen-dump.mjs: about 1 % of the apps change per day: restages that
// flip privileged apps, regressions, stops and starts, new and deleted apps, rolling deploys, scaling,
// renames) and uploads each one in capture order with `curl --data-binary`, one day apart, checking every
// answer (201, the generator's counts). Then times warm reads (median of --reads requests after two
// warm-ups): the app list with several filters, the detail of an app present all year whose privilege
// changed (its history must match the generator day by day), orgs, the foundation page and the fleet page;
// stops the server, checkpoints the WAL and reports the database file's size and its largest tables.
// Targets: database < 200 MB; every read < 200 ms; HTML of the foundation page < 250 KB and of the fleet page
// < 200 KB (193 KB and 116 KB measured: their burndowns send the chart at most 180 points and the data table a
// page of 30, whatever the history's length; every point of a year, as before, added 600 KB to each).
// Exit code 1 when one is missed or an answer is wrong.
import { rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { createFoundation } from "./gen-dump.mjs";
import { benchWorkspace, ROOT, checkSnapshot, fileSize, get, int, mb, median, memoryKb, portIsFree, sleep, startServer, stopServer, tail, targets, upload, version } from "./bench-lib.mjs";

const DAY_MS = 86_400_000;
const TARGET = { dbMb: 200, readMs: 200 };
const FOUNDATION = "history";
const PROGRESS_EVERY = 30;

function options() {
  const { values } = parseArgs({
    options: {
      lrps: { type: "string", default: "10000" },
      days: { type: "string", default: "365" },
      reads: { type: "string", default: "7" },
      port: { type: "string", default: "3221" },
      seed: { type: "string", default: "1" },
      keep: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const opts = { ...values, lrps: Number(values.lrps), days: Number(values.days), reads: Number(values.reads), port: Number(values.port) };
  if (!Number.isInteger(opts.lrps) || opts.lrps < 1) throw new Error("--lrps must be a positive integer");
  if (!Number.isInteger(opts.days) || opts.days < 2 || opts.days > 3650) throw new Error("--days must be within 2..3650");
  if (!Number.isInteger(opts.reads) || opts.reads < 1 || opts.reads > 100) throw new Error("--reads must be within 1..100");
  if (!Number.isInteger(opts.port) || opts.port < 1 || opts.port > 65535) throw new Error("--port must be a TCP port");
  return opts;
}

let opts;
try {
  opts = options();
} catch (e) {
  console.error(`bench:history: ${e.message}`);
  opts = { help: true, error: true };
}
if (opts.help) {
  console.error("usage: npm run bench:history -- [--lrps 10000] [--days 365] [--reads 7] [--port 3221] [--seed 1] [--keep]");
  process.exit(opts.error ? 2 : 0);
}

let server = null;
const { tmp, dbFile, cleanup } = benchWorkspace({
  name: "bench-history",
  dbFile: path.join(ROOT, "data", `bench-history-${opts.port}.db`),
  keep: opts.keep,
  server: () => server,
});

const fmtMs = (ms) => `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
const elapsed = (t0) => {
  const s = Math.round((Date.now() - t0) / 1000);
  return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
};

/** The app's expected history: present every day, privileged as the generator's changes say. */
function expectedHistory(app, days) {
  let privileged = app.privilegeChanges.length ? !app.privilegeChanges[0].privileged : app.privileged;
  const out = [];
  for (let day = 0; day < days; day++) {
    for (const c of app.privilegeChanges) if (c.day === day) privileged = c.privileged;
    out.push({ present: true, privileged });
  }
  return out;
}

async function timed(urlPath) {
  for (let i = 0; i < 2; i++) await get(server.base, urlPath);
  const ms = [];
  let last = null;
  for (let i = 0; i < opts.reads; i++) {
    last = await get(server.base, urlPath);
    ms.push(last.ms);
  }
  return { median: median(ms), max: Math.max(...ms), status: last.status, bytes: last.bytes };
}

async function getJson(urlPath) {
  const r = await get(server.base, urlPath, { keepBody: true });
  if (r.status !== 200) throw new Error(`GET ${urlPath} answered ${r.status}`);
  return JSON.parse(r.body);
}

async function main() {
  const curlVersion = version("curl", ["--version"])?.split(" ").slice(0, 2).join(" ");
  if (!curlVersion) throw new Error("curl not found on PATH");
  console.log(`Rootless Ready history bench · ${int(opts.lrps)} LRPs · ${opts.days} daily snapshots · node ${process.version} · ${curlVersion} · ${os.cpus().length} cores`);
  if (!(await portIsFree(opts.port))) throw new Error(`port ${opts.port} is in use; pick another with --port`);

  server = await startServer({ port: opts.port, dbFile, logFile: path.join(tmp, "server.log") });
  console.log(`server   pid ${server.pid} ready in ${server.readySeconds.toFixed(1)} s`);

  // Day 0 is `days` days before today, 06:00 UTC; the last snapshot is yesterday's.
  const day0 = Math.floor(Date.now() / DAY_MS) * DAY_MS - opts.days * DAY_MS + 6 * 3_600_000;
  const f = createFoundation({ lrps: opts.lrps, seed: `${opts.seed}:history`, start: day0 / 1000, cacheLines: true });
  const file = path.join(tmp, "dump.ndjson");
  const respFile = path.join(tmp, "resp.json");
  const t0 = Date.now();
  const times = [];
  let changedApps = 0;
  let last = null;
  for (let day = 0; day < opts.days; day++) {
    if (day > 0) changedApps += f.nextDay().changedApps;
    const { bytes, stats } = await f.write({ out: file });
    const capturedAt = new Date(day0 + day * DAY_MS).toISOString();
    const res = await upload({ base: server.base, foundation: FOUNDATION, file, capturedAt, respFile });
    const bad = checkSnapshot(res, stats, { foundation: FOUNDATION, capturedAt });
    if (bad.length) throw new Error(`day ${day} upload is wrong: ${bad.join("; ")}\n--- server log (last lines) ---\n${tail(server.logFile)}`);
    times.push(res.seconds);
    last = { bytes, stats };
    if ((day + 1) % PROGRESS_EVERY === 0 || day === 0 || day === opts.days - 1) {
      const recent = times.slice(-PROGRESS_EVERY);
      console.log(
        `day ${String(day + 1).padStart(3)}/${opts.days} · upload ${res.seconds.toFixed(2)} s (last ${recent.length}: median ${median(recent).toFixed(2)} s, max ${Math.max(...recent).toFixed(2)} s) · ` +
          `${int(stats.lrps)} LRPs, ${int(stats.apps)} apps, ${stats.privilegedApps} privileged · ${mb(bytes).toFixed(0)} MB · ` +
          `db+wal ${mb(fileSize(dbFile) + fileSize(`${dbFile}-wal`)).toFixed(0)} MB · ${elapsed(t0)}`,
      );
    }
  }
  rmSync(file, { force: true });
  const apps = f.appSummaries();
  console.log(
    `uploaded ${opts.days} snapshots in ${elapsed(t0)} (uploads alone ${(times.reduce((a, b) => a + b, 0) / 60).toFixed(1)} min, median ${median(times).toFixed(2)} s); ` +
      `${(changedApps / (opts.days - 1)).toFixed(0)} apps changed per day on average; ${apps.filter((a) => a.privilegeChanges.length).length} apps changed privilege at least once`,
  );

  // What to read: an app present all year whose privilege changed (else one present all year), the biggest org.
  const yearLong = apps.filter((a) => a.present && a.firstDay === 0 && !a.everAbsent);
  const subject = yearLong.find((a) => a.privilegeChanges.length === 1) ?? yearLong.find((a) => a.privilegeChanges.length) ?? yearLong[0];
  if (!subject) throw new Error("the generator has no app present all year");
  const orgs = (await getJson(`/api/foundations/${FOUNDATION}/orgs`)).orgs;
  const org = [...orgs].sort((a, b) => b.apps - a.apps)[0];
  const space = [...org.spaces].sort((a, b) => b.apps - a.apps)[0];
  const q = subject.name.slice(0, 4);
  const list = `/api/foundations/${FOUNDATION}/apps`;
  const total = (await getJson(list)).total;
  const lastPage = Math.max(1, Math.ceil(total / 50));
  const enc = encodeURIComponent;

  const detailPath = `${list}/${subject.guid}`;
  const detail = await getJson(detailPath);
  const history = [...(detail.history ?? [])].sort((a, b) => (a.capturedAt < b.capturedAt ? -1 : 1));
  const want = expectedHistory(subject, opts.days);
  const historyBad = history.length !== want.length ? `${history.length} points, expected ${want.length}` : history.findIndex((h, i) => h.present !== want[i].present || h.privileged !== want[i].privileged);
  const historyOk = historyBad === -1;
  console.log(
    `app      ${subject.name} (${subject.org}/${subject.space}): ${history.length}-point history, privilege changed on day ${subject.privilegeChanges.map((c) => `${c.day} → ${c.privileged ? "privileged" : "unprivileged"}`).join(", ") || "(never)"} · ` +
      (historyOk ? "matches the generator ✓" : `✗ ${typeof historyBad === "number" ? `differs from day ${historyBad}` : historyBad}`),
  );

  const reads = [
    ["health (for scale)", "/api/health"],
    ["apps", list],
    ["apps privileged=true", `${list}?privileged=true`],
    [`apps org=${org.name}`, `${list}?org=${enc(org.name)}`],
    [`apps org+space=${space.name}`, `${list}?org=${enc(org.name)}&space=${enc(space.name)}`],
    [`apps q=${q}`, `${list}?q=${enc(q)}`],
    ["apps sort=instances desc", `${list}?sort=instances&dir=desc`],
    ["apps segment=shared, sort=org", `${list}?segment=shared&sort=org`],
    [`apps page ${lastPage} (last)`, `${list}?page=${lastPage}`],
    [`app detail (${history.length} points)`, detailPath],
    ["orgs", `/api/foundations/${FOUNDATION}/orgs`],
    ["foundation page (HTML)", `/foundations/${FOUNDATION}`, { maxKb: 250 }],
    ["fleet page (HTML)", "/", { maxKb: 200 }],
  ];
  await sleep(2000); // let the last upload's after-work settle before timing reads
  console.log("");
  console.log(`read                                   median      max    status  size`);
  const t = targets();
  let health = 0;
  for (const [label, urlPath, { maxKb } = {}] of reads) {
    const r = await timed(urlPath);
    if (urlPath === "/api/health") health = r.median;
    console.log(
      `${label.slice(0, 36).padEnd(36)} ${fmtMs(r.median).padStart(9)} ${fmtMs(r.max).padStart(8)}    ${r.status}   ${(r.bytes / 1024).toFixed(1)} KB` +
        (health && urlPath !== "/api/health" ? ` · ${(r.median / health).toFixed(1)}× health` : ""),
    );
    if (urlPath !== "/api/health") t.check(r.status === 200 && r.median < TARGET.readMs, `${label}: ${fmtMs(r.median)}${r.status === 200 ? "" : ` (status ${r.status})`} (target < ${TARGET.readMs} ms)`);
    if (maxKb) t.check(r.bytes / 1024 < maxKb, `${label}: ${(r.bytes / 1024).toFixed(1)} KB (target < ${maxKb} KB)`);
  }
  t.check(historyOk, `app detail history matches the generator for all ${opts.days} days`);
  const peak = memoryKb(server.pid);
  const liveDb = fileSize(dbFile) + fileSize(`${dbFile}-wal`);

  await stopServer(server);
  server = null;
  const db = new Database(dbFile);
  db.pragma("wal_checkpoint(TRUNCATE)");
  let tables = [];
  try {
    tables = db.prepare("SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC LIMIT 8").all();
  } catch {
    // dbstat not compiled in: the total is still right
  }
  const freePages = db.pragma("freelist_count", { simple: true });
  const pageSize = db.pragma("page_size", { simple: true });
  db.close();
  const dbBytes = fileSize(dbFile) + fileSize(`${dbFile}-wal`);
  console.log("");
  console.log(`server peak RSS  ${(peak.hwm / 1024).toFixed(0)} MB (VmHWM)`);
  console.log(`database         ${mb(dbBytes).toFixed(1)} MB after a checkpoint (${mb(liveDb).toFixed(1)} MB db+wal while serving; ${mb(freePages * pageSize).toFixed(1)} MB free pages) for ${opts.days} snapshots of ${int(last.stats.lrps)} LRPs`);
  if (tables.length) console.log(`largest          ${tables.map((r) => `${r.name} ${mb(r.bytes).toFixed(1)} MB`).join(", ")}`);
  console.log("");
  t.check(dbBytes / 1048576 < TARGET.dbMb, `database ${mb(dbBytes).toFixed(1)} MB (target < ${TARGET.dbMb} MB)`);
  t.print();
  return t.failed ? 1 : 0;
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (e) {
  console.error(`FAIL  bench:history: ${e?.message ?? e}`);
} finally {
  await cleanup();
}
process.exit(exitCode);
