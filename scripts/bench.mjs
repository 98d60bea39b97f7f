#!/usr/bin/env node
// Ingest benchmark: uploading a `cfdot desired-lrps` dump to the production server vs `jq` on the same file.
//
//   npm run bench -- [--lrps 50000] [--port 3311] [--keep] [--seed 1]
//
// Generates a dump (scripts/gen-dump.mjs) in a temp dir, starts `node scripts/start.mjs` on a fresh SQLite
// database there, uploads the dump once as a warm-up (reported, not counted), then alternates 5×
// `jq -c 'select(.privileged)' dump > /dev/null` and
// `curl --data-binary @dump …/api/foundations/bench-N/snapshots` (a new foundation each time, so every upload
// is a real ingest). Reports the medians, their ratio, the server's peak RSS (max VmHWM over the process tree
// started here) and PASS/FAIL against the targets: ratio ≥ 2, peak RSS < 400 MB.
// Exit code: 0, or 1 when an upload did not return 201 (or the server never became healthy).
import { execFileSync, spawn } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { parseArgs as parseCli } from "node:util";
import { fileURLToPath } from "node:url";
import { writeDump } from "./gen-dump.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const TARGET_RATIO = 2;
const TARGET_RSS_MB = 400;
const HEALTH_TIMEOUT_MS = 180_000;
const RUNS = 5;

// ---------------------------------------------------------------------------------------------------------
// Helpers

function parseArgs(argv) {
  const { values } = parseCli({
    args: argv,
    options: {
      lrps: { type: "string", default: "50000" },
      port: { type: "string", default: "3311" },
      seed: { type: "string", default: "1" },
      keep: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const opts = { ...values, lrps: Number(values.lrps), port: Number(values.port) };
  if (!Number.isInteger(opts.lrps) || opts.lrps < 1) throw new Error("--lrps must be a positive integer");
  if (!Number.isInteger(opts.port) || opts.port < 1 || opts.port > 65535) throw new Error("--port must be a TCP port");
  return opts;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const mb = (bytes) => bytes / 1048576;
const fmtS = (s) => `${s.toFixed(3)} s`;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function version(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).split("\n")[0].trim();
  } catch {
    return null;
  }
}

/** Runs a command to completion; resolves to { code, seconds, stdout, stderr } (stdout only when captured). */
function run(cmd, args, { captureStdout = false } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, args, { stdio: ["ignore", captureStdout ? "pipe" : "ignore", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout?.setEncoding("utf8").on("data", (d) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      resolve({ code: code ?? signal, seconds, stdout, stderr });
    });
  });
}

function portIsFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once("error", () => resolve(false));
    srv.listen(port, "127.0.0.1", () => srv.close(() => resolve(true)));
  });
}

/** pid plus all descendants, via /proc/<pid>/task/<tid>/children. */
function processTree(pid) {
  const out = [];
  const stack = [pid];
  const seen = new Set();
  while (stack.length) {
    const p = stack.pop();
    if (seen.has(p)) continue;
    seen.add(p);
    let tids;
    try {
      tids = readdirSync(`/proc/${p}/task`);
    } catch {
      continue; // gone
    }
    out.push(p);
    for (const tid of tids) {
      try {
        for (const c of readFileSync(`/proc/${p}/task/${tid}/children`, "utf8").split(/\s+/)) if (c) stack.push(Number(c));
      } catch {
        // thread exited meanwhile
      }
    }
  }
  return out;
}

/** { pid, name, hwmKb, rssKb } per live process of the tree. */
function treeMemory(rootPid) {
  const rows = [];
  for (const pid of processTree(rootPid)) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      const field = (k) => Number(status.match(new RegExp(`^${k}:\\s+(\\d+) kB`, "m"))?.[1] ?? 0);
      let name = status.match(/^Name:\s+(.*)$/m)?.[1] ?? "?";
      try {
        const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
        const script = argv.slice(1).find((x) => !x.startsWith("-"));
        if (script) name = `${path.basename(argv[0])} ${path.basename(script)}`;
      } catch {
        // keep Name:
      }
      rows.push({ pid, name, hwmKb: field("VmHWM"), rssKb: field("VmRSS") });
    } catch {
      // exited meanwhile
    }
  }
  return rows;
}

function tail(file, lines = 25) {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no server log)";
  }
}

// ---------------------------------------------------------------------------------------------------------
// Main

let opts;
try {
  opts = parseArgs(process.argv.slice(2));
} catch (e) {
  console.error(`bench: ${e.message}`);
  opts = { help: true, error: true };
}
if (opts.help) {
  console.error("usage: npm run bench -- [--lrps 50000] [--port 3311] [--keep] [--seed 1]");
  process.exit(opts.error ? 2 : 0);
}

const tmp = mkdtempSync(path.join(os.tmpdir(), "rootless-ready-bench-"));
const dump = path.join(tmp, "desired-lrps.ndjson");
const resp = path.join(tmp, "resp.json");
const serverLog = path.join(tmp, "server.log");
let server = null; // ChildProcess
let serverExited = false;
let exitCode = 0;

/** Stops the whole process group (start.mjs and whatever it spawned), even if start.mjs itself already exited. */
async function stopServer() {
  if (!server?.pid) return;
  const pgid = server.pid;
  const groupAlive = () => {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  };
  try {
    process.kill(-pgid, "SIGTERM");
  } catch {
    return;
  }
  for (let i = 0; i < 100 && groupAlive(); i++) await sleep(100);
  if (groupAlive()) {
    try {
      process.kill(-pgid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

let cleanedUp = false;
async function cleanup() {
  if (cleanedUp) return;
  cleanedUp = true;
  await stopServer();
  if (opts.keep) console.log(`kept ${tmp} (dump, resp.json, server.log, bench.db)`);
  else rmSync(tmp, { recursive: true, force: true });
}

for (const sig of ["SIGINT", "SIGTERM"]) {
  process.once(sig, () => {
    console.error(`\nbench: ${sig}, stopping`);
    cleanup().finally(() => process.exit(130));
  });
}

function fail(msg, withLog = false) {
  console.error(`bench: ${msg}`);
  if (withLog) console.error(`--- server log (last lines) ---\n${tail(serverLog)}\n---`);
  exitCode = 1;
}

async function main() {
  const jqVersion = version("jq", ["--version"]);
  const curlVersion = version("curl", ["--version"])?.split(" ").slice(0, 2).join(" ");
  if (!jqVersion) return fail("jq not found on PATH");
  if (!curlVersion) return fail("curl not found on PATH");
  console.log(`Rootless Ready ingest bench · node ${process.version} · ${jqVersion} · ${curlVersion}`);

  if (!(await portIsFree(opts.port))) return fail(`port ${opts.port} is in use; pick another with --port`);

  // 1. Dump
  let t0 = process.hrtime.bigint();
  const { bytes, stats } = await writeDump({ out: dump, lrps: opts.lrps, seed: opts.seed });
  const genS = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(
    `dump     ${stats.lrps.toLocaleString("en-US")} LRPs · ${mb(bytes).toFixed(1)} MB · ${stats.apps.toLocaleString("en-US")} apps, ` +
      `${stats.privilegedApps} privileged (generated in ${genS.toFixed(1)} s)`,
  );

  // 2. Server
  const logFd = openSync(serverLog, "a");
  t0 = process.hrtime.bigint();
  server = spawn(process.execPath, ["scripts/start.mjs"], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", logFd, logFd],
    env: { ...process.env, PORT: String(opts.port), DATABASE_URL: `file:${path.join(tmp, "bench.db")}`, NEXT_TELEMETRY_DISABLED: "1" },
  });
  closeSync(logFd);
  let spawnError = null;
  server.on("error", (e) => (spawnError = e));
  server.on("exit", () => (serverExited = true));

  const base = `http://127.0.0.1:${opts.port}`;
  let healthy = false;
  while (Number(process.hrtime.bigint() - t0) / 1e6 < HEALTH_TIMEOUT_MS) {
    if (spawnError) return fail(`could not start scripts/start.mjs: ${spawnError.message}`);
    if (serverExited) return fail(`scripts/start.mjs exited (code ${server.exitCode ?? server.signalCode}) before /api/health answered`, true);
    try {
      const res = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === 200) {
        healthy = true;
        break;
      }
    } catch {
      // not listening yet
    }
    await sleep(500);
  }
  if (!healthy) return fail(`GET /api/health did not return 200 within ${HEALTH_TIMEOUT_MS / 1000} s`, true);
  const readyS = Number(process.hrtime.bigint() - t0) / 1e9;
  const atReady = treeMemory(server.pid);
  const readyPeakKb = Math.max(0, ...atReady.map((r) => r.hwmKb));
  console.log(
    `server   ready in ${readyS.toFixed(1)} s · pids ${atReady.map((r) => `${r.pid} ${r.name}`).join(", ")} · ` +
      `peak RSS so far ${(readyPeakKb / 1024).toFixed(0)} MB`,
  );

  // 3. Timings: page cache first, then alternate jq and upload.
  const cat = await run("cat", [dump]);
  if (cat.code !== 0) return fail(`cat ${dump} failed: ${cat.stderr.trim()}`);

  const jqTimes = [];
  const upTimes = [];
  const peakByPid = new Map(); // pid -> { name, hwmKb }
  let last = null;

  // A long-running server has compiled its hot paths before the uploads that matter; its very first upload
  // also pays for that. Measure it, report it, and leave it out of the medians (its memory still counts).
  const warm = await run("curl", ["-sS", "-o", resp, "-w", "%{http_code}", "--data-binary", `@${dump}`, `${base}/api/foundations/bench-warmup/snapshots`], {
    captureStdout: true,
  });
  if (warm.stdout.trim() !== "201") return fail(`warm-up upload returned ${warm.stdout.trim() || "no status"}`, true);
  console.log(`warm-up  upload ${fmtS(warm.seconds)} (201, bench-warmup; not in the medians)`);

  for (let i = 1; i <= RUNS; i++) {
    const jq = await run("jq", ["-c", "select(.privileged)", dump]);
    if (jq.code !== 0) return fail(`jq exited with ${jq.code}: ${jq.stderr.trim().slice(0, 300)}`);
    jqTimes.push(jq.seconds);

    const foundation = `bench-${i}`;
    const url = `${base}/api/foundations/${foundation}/snapshots`;
    const up = await run("curl", ["-sS", "-o", resp, "-w", "%{http_code}", "--data-binary", `@${dump}`, url], { captureStdout: true });
    const status = up.stdout.trim();
    for (const r of treeMemory(server.pid)) {
      const prev = peakByPid.get(r.pid);
      if (!prev || r.hwmKb > prev.hwmKb) peakByPid.set(r.pid, { name: r.name, hwmKb: r.hwmKb });
    }
    if (status !== "201") {
      let body = "";
      try {
        body = readFileSync(resp, "utf8").slice(0, 400);
      } catch {
        // no body
      }
      return fail(`upload ${i} (${foundation}) returned ${status || "no status"}${up.stderr ? ` · curl: ${up.stderr.trim()}` : ""}${body ? `\n  body: ${body}` : ""}`, true);
    }
    upTimes.push(up.seconds);
    try {
      last = JSON.parse(readFileSync(resp, "utf8"));
    } catch {
      return fail(`upload ${i} returned 201 but the body is not JSON`);
    }
    console.log(`run ${i}    jq ${fmtS(jq.seconds)} · upload ${fmtS(up.seconds)} (201, ${foundation}, ${(mb(bytes) / up.seconds).toFixed(0)} MB/s)`);
  }

  // 4. Report
  const jqMed = median(jqTimes);
  const upMed = median(upTimes);
  const ratio = jqMed / upMed;
  const snap = last?.snapshot ?? {};
  const check = (got, want) => (got === want ? "✓" : `✗ expected ${want}`);
  let peak = { pid: 0, name: "?", hwmKb: 0 };
  for (const [pid, v] of peakByPid) if (v.hwmKb > peak.hwmKb) peak = { pid, ...v };
  const peakMb = peak.hwmKb / 1024;

  console.log("");
  console.log(`jq median       ${fmtS(jqMed)}`);
  console.log(`upload median   ${fmtS(upMed)}`);
  console.log(ratio >= 1 ? `ingest is ${ratio.toFixed(2)}× faster than jq` : `ingest is ${(1 / ratio).toFixed(2)}× slower than jq (ratio ${ratio.toFixed(2)})`);
  console.log(`snapshot.lrps ${snap.lrps} ${check(snap.lrps, stats.lrps)} · snapshot.privilegedApps ${snap.privilegedApps} ${check(snap.privilegedApps, stats.privilegedApps)}`);
  console.log(
    `server peak RSS ${peakMb.toFixed(0)} MB (VmHWM, pid ${peak.pid} ${peak.name}` +
      (peakByPid.size > 1 ? `; tree: ${[...peakByPid].map(([pid, v]) => `${pid} ${v.name} ${(v.hwmKb / 1024).toFixed(0)} MB`).join(", ")}` : "") +
      ")",
  );
  if (readyPeakKb >= peak.hwmKb && peak.hwmKb > 0) console.log("  note: the peak was already reached before the first upload (startup/build)");
  const ok = ratio >= TARGET_RATIO && peakMb < TARGET_RSS_MB;
  console.log(
    `${ok ? "PASS" : "FAIL"}  ratio ${ratio.toFixed(2)} ${ratio >= TARGET_RATIO ? "≥" : "<"} ${TARGET_RATIO} ${ratio >= TARGET_RATIO ? "✓" : "✗"} · ` +
      `peak RSS ${peakMb.toFixed(0)} MB ${peakMb < TARGET_RSS_MB ? "<" : "≥"} ${TARGET_RSS_MB} MB ${peakMb < TARGET_RSS_MB ? "✓" : "✗"}`,
  );
}

try {
  await main();
} catch (e) {
  fail(e?.stack ?? String(e));
} finally {
  await cleanup();
}
process.exit(exitCode);
