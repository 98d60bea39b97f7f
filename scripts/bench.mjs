#!/usr/bin/env node
// Ingest benchmark: the uploads users make, against one production server, compared with `jq` on the same files.
//
//   npm run bench -- [--lrps 50000] [--rounds 3] [--port 3221] [--seed 1] [--keep]
//
// Starts `node scripts/start.mjs` once (HOST 127.0.0.1, a fresh database data/bench-<port>.db) and measures:
//   cold        the server's first upload (a new foundation), reported on its own;
//   then `--rounds` rounds, each on a new foundation generated from its own seed (scripts/gen-dump.mjs):
//   first       day 0, the first snapshot of that foundation;
//   next-day    day 1 (~1 % of the apps changed), captured 24 h later;
//   missed-day  day 3, after a day that was not uploaded (reported, no target of its own);
//   back-fill   day 2, uploaded last, captured between two snapshots it already has.
// Each upload is `curl --data-binary @dump`, preceded by `jq -c 'select(.privileged)'` on the same file, while
// GET /api/health is sampled every 100 ms. Every answer must be 201 with the generator's counts. Reports per
// case the medians over the rounds, MB/s and LRPs/s, jq's time and the ratio, health max and p95, the ratios
// to the first snapshot, the server's peak RSS (VmHWM of the server process, worker threads included), and a
// PASS/FAIL line per target (set for 50,000 LRPs on a 2-core machine). Exit code 1 when any target is missed
// or an upload is wrong, 2 on bad options.
import { rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createFoundation, writeDump } from "./gen-dump.mjs";
import {
  ROOT,
  benchWorkspace,
  checkSnapshot,
  int,
  mb,
  median,
  memoryKb,
  percentile,
  portIsFree,
  run,
  startSampler,
  startServer,
  tail,
  targets,
  upload,
  version,
} from "./bench-lib.mjs";

const DAY_MS = 86_400_000;
const TARGET = { nextDay: 1.3, backFill: 1.5, jqRatio: 1, jqAim: 2, healthMs: 250, rssMb: 400 };
const CASES = [
  // [case, day of the series], in upload order
  ["first", 0],
  ["next-day", 1],
  ["missed-day", 3],
  ["back-fill", 2],
];

function options() {
  const { values } = parseArgs({
    options: {
      lrps: { type: "string", default: "50000" },
      rounds: { type: "string", default: "3" },
      port: { type: "string", default: "3221" },
      seed: { type: "string", default: "1" },
      keep: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const opts = { ...values, lrps: Number(values.lrps), rounds: Number(values.rounds), port: Number(values.port) };
  if (!Number.isInteger(opts.lrps) || opts.lrps < 1) throw new Error("--lrps must be a positive integer");
  if (!Number.isInteger(opts.rounds) || opts.rounds < 1 || opts.rounds > 20) throw new Error("--rounds must be within 1..20");
  if (!Number.isInteger(opts.port) || opts.port < 1 || opts.port > 65535) throw new Error("--port must be a TCP port");
  return opts;
}

let opts;
try {
  opts = options();
} catch (e) {
  console.error(`bench: ${e.message}`);
  opts = { help: true, error: true };
}
if (opts.help) {
  console.error("usage: npm run bench -- [--lrps 50000] [--rounds 3] [--port 3221] [--seed 1] [--keep]");
  process.exit(opts.error ? 2 : 0);
}

let server = null;
const { tmp, dbFile, cleanup } = benchWorkspace({ name: "bench", dbFile: path.join(ROOT, "data", `bench-${opts.port}.db`), keep: opts.keep, server: () => server });
const respFile = path.join(tmp, "resp.json");

const fmtS = (s) => `${s.toFixed(2)} s`;
const fmtMs = (ms) => `${Math.round(ms)} ms`;

/** jq on the file, then the upload with /api/health sampled; fails the bench on a wrong answer. */
async function measure({ label, file, bytes, stats, foundation, capturedAt }) {
  const jq = await run("jq", ["-c", "select(.privileged)", file]);
  if (jq.code !== 0) throw new Error(`jq exited with ${jq.code}: ${jq.stderr.trim().slice(0, 300)}`);
  const sampler = startSampler(server.base, "/api/health", 100);
  const up = await upload({ base: server.base, foundation, file, capturedAt, respFile });
  const health = await sampler.stop();
  const bad = checkSnapshot(up, stats, { foundation, capturedAt });
  if (bad.length) throw new Error(`${label} upload to ${foundation} is wrong: ${bad.join("; ")}\n--- server log (last lines) ---\n${tail(server.logFile)}`);
  if (health.errors.length) throw new Error(`${label}: ${health.errors.length} /api/health requests failed during the upload (${[...new Set(health.errors)].join(", ")})`);
  const r = { label, seconds: up.seconds, jq: jq.seconds, bytes, lrps: stats.lrps, health, warnings: up.body.snapshot.warnings ?? [] };
  console.log(
    `  ${label.padEnd(10)} ${fmtS(r.seconds).padStart(8)} · ${(mb(bytes) / r.seconds).toFixed(0).padStart(3)} MB/s · ` +
      `${int(stats.lrps / r.seconds).padStart(7)} LRPs/s · jq ${fmtS(r.jq)} (${(r.jq / r.seconds).toFixed(2)}×) · ` +
      `health max ${fmtMs(health.max)}, p95 ${fmtMs(health.p95)} (${health.samples.length}) · 201 ✓`,
  );
  return r;
}

async function main() {
  const jqVersion = version("jq", ["--version"]);
  const curlVersion = version("curl", ["--version"])?.split(" ").slice(0, 2).join(" ");
  if (!jqVersion) throw new Error("jq not found on PATH");
  if (!curlVersion) throw new Error("curl not found on PATH");
  console.log(`Rootless Ready ingest bench · ${int(opts.lrps)} LRPs · ${opts.rounds} rounds · node ${process.version} · ${jqVersion} · ${curlVersion} · ${os.cpus().length} cores`);
  if (!(await portIsFree(opts.port))) throw new Error(`port ${opts.port} is in use; pick another with --port`);

  // Day 0 of every foundation is 40 days ago at 06:00 UTC: in the past, so no capturedAt is in the future.
  const day0 = Math.floor(Date.now() / DAY_MS) * DAY_MS - 40 * DAY_MS + 6 * 3_600_000;
  const at = (day) => new Date(day0 + day * DAY_MS).toISOString();

  const coldFile = path.join(tmp, "cold.ndjson");
  const cold = await writeDump({ out: coldFile, lrps: opts.lrps, seed: `${opts.seed}:cold`, start: day0 / 1000 });

  // uploads come from automation with a token, as a nightly cron job sends them (README): no browser session
  server = await startServer({ port: opts.port, dbFile, logFile: path.join(tmp, "server.log"), session: false });
  const atReady = memoryKb(server.pid);
  console.log(`server   pid ${server.pid} ready in ${server.readySeconds.toFixed(1)} s · RSS ${(atReady.rss / 1024).toFixed(0)} MB · peak so far ${(atReady.hwm / 1024).toFixed(0)} MB`);
  console.log(`dumps    ${mb(cold.bytes).toFixed(0)} MB for ${int(cold.stats.lrps)} LRPs (${(cold.bytes / cold.stats.lrps / 1024).toFixed(1)} KB a line on average)`);

  console.log("cold (the server's first upload, a new foundation)");
  const coldResult = await measure({ label: "cold", file: coldFile, bytes: cold.bytes, stats: cold.stats, foundation: "bench-cold", capturedAt: at(0) });
  rmSync(coldFile, { force: true });

  const results = Object.fromEntries(CASES.map(([c]) => [c, []]));
  for (let round = 1; round <= opts.rounds; round++) {
    const foundation = `bench-r${round}`;
    const f = createFoundation({ lrps: opts.lrps, seed: `${opts.seed}:r${round}`, start: day0 / 1000 });
    const days = [];
    const changed = [];
    for (let day = 0; day <= 3; day++) {
      if (day > 0) changed.push(f.nextDay());
      const file = path.join(tmp, `${foundation}-day${day}.ndjson`);
      days.push({ file, ...(await f.write({ out: file })) });
    }
    console.log(
      `round ${round}  ${foundation}: day 0 ${int(days[0].stats.lrps)} LRPs, ${int(days[0].stats.apps)} apps, ` +
        `${days[0].stats.privilegedApps} privileged; apps changed per day ${changed.map((c) => `${c.changedApps} (${(c.changedShare * 100).toFixed(2)} %)`).join(", ")}`,
    );
    for (const [label, day] of CASES) {
      const d = days[day];
      results[label].push(await measure({ label, file: d.file, bytes: d.bytes, stats: d.stats, foundation, capturedAt: at(day) }));
    }
    for (const d of days) rmSync(d.file, { force: true });
  }

  // Report
  const peak = memoryKb(server.pid);
  const all = [coldResult, ...Object.values(results).flat()];
  const summary = [["cold", [coldResult]], ...Object.entries(results)].map(([label, rs]) => {
    const seconds = median(rs.map((r) => r.seconds));
    const jq = median(rs.map((r) => r.jq));
    const bytes = median(rs.map((r) => r.bytes));
    const lrps = median(rs.map((r) => r.lrps));
    const samples = rs.flatMap((r) => r.health.samples);
    return { label, n: rs.length, seconds, jq, ratio: jq / seconds, mbps: mb(bytes) / seconds, lrpsps: lrps / seconds, healthMax: Math.max(...samples), healthP95: percentile(samples, 95) };
  });
  const by = Object.fromEntries(summary.map((s) => [s.label, s]));

  console.log("");
  console.log(`case        runs  upload (median)    MB/s    LRPs/s   jq (median)  jq/upload  health max   p95`);
  for (const s of summary) {
    console.log(
      `${s.label.padEnd(12)}${String(s.n).padStart(4)}  ${fmtS(s.seconds).padStart(15)}  ${s.mbps.toFixed(0).padStart(6)}  ${int(s.lrpsps).padStart(8)}  ` +
        `${fmtS(s.jq).padStart(11)}  ${`${s.ratio.toFixed(2)}×`.padStart(9)}  ${fmtMs(s.healthMax).padStart(10)}  ${fmtMs(s.healthP95).padStart(6)}`,
    );
  }
  const nextRatio = by["next-day"].seconds / by.first.seconds;
  const backRatio = by["back-fill"].seconds / by.first.seconds;
  const perRound = (label) => results[label].map((r, i) => (r.seconds / results.first[i].seconds).toFixed(2)).join(", ");
  console.log(`next-day / first   ${nextRatio.toFixed(2)}× (per round: ${perRound("next-day")})`);
  console.log(`back-fill / first  ${backRatio.toFixed(2)}× (per round: ${perRound("back-fill")})`);
  console.log(`missed-day / first ${(by["missed-day"].seconds / by.first.seconds).toFixed(2)}× (per round: ${perRound("missed-day")})`);
  console.log(`server peak RSS    ${(peak.hwm / 1024).toFixed(0)} MB (VmHWM of pid ${server.pid}, ${peak.threads} threads; ${(atReady.hwm / 1024).toFixed(0)} MB when it became ready; RSS now ${(peak.rss / 1024).toFixed(0)} MB)`);
  // Warnings carry counts ("1254 apps have no name…"): list each kind once.
  const warnings = [...new Set(all.flatMap((r) => r.warnings.map((w) => w.replace(/\d+/g, "N"))))];
  if (warnings.length) console.log(`warnings          ${warnings.join(" · ")}`);
  const healthMax = Math.max(...all.flatMap((r) => r.health.samples));
  const slowest = summary.reduce((a, b) => (a.ratio < b.ratio ? a : b));

  console.log("");
  if (opts.lrps !== 50000) console.log(`(the targets are set for 50,000 LRPs; this run has ${int(opts.lrps)})`);
  const t = targets();
  t.check(nextRatio <= TARGET.nextDay, `next-day ${nextRatio.toFixed(2)}× the first snapshot's time (target ≤ ${TARGET.nextDay}×)`);
  t.check(backRatio <= TARGET.backFill, `back-fill ${backRatio.toFixed(2)}× the first snapshot's time (target ≤ ${TARGET.backFill}×)`);
  t.check(
    slowest.ratio > TARGET.jqRatio,
    `every upload faster than jq on the same file: slowest is ${slowest.label} at ${slowest.ratio.toFixed(2)}× jq's speed ` +
      `(target > ${TARGET.jqRatio}×, aim ${TARGET.jqAim}×; ${summary.map((s) => `${s.label} ${s.ratio.toFixed(2)}×`).join(", ")})`,
  );
  t.check(healthMax <= TARGET.healthMs, `/api/health max ${fmtMs(healthMax)} during uploads (target ≤ ${TARGET.healthMs} ms; ${all.reduce((n, r) => n + r.health.samples.length, 0)} samples)`);
  t.check(peak.hwm / 1024 < TARGET.rssMb, `server peak RSS ${(peak.hwm / 1024).toFixed(0)} MB (target < ${TARGET.rssMb} MB)`);
  t.check(true, `all ${all.length} uploads answered 201 with the generator's counts`);
  t.print();
  return t.failed ? 1 : 0;
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (e) {
  console.error(`FAIL  bench: ${e?.message ?? e}`);
} finally {
  await cleanup();
}
process.exit(exitCode);
