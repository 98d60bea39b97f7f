// Shared by scripts/bench.mjs, bench-history.mjs and bench-reads.mjs: the production server on a fresh database,
// uploads as a user makes them (curl --data-binary), HTTP timings, /api/health sampled during uploads,
// the server's peak memory, medians and PASS/FAIL lines.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/**
 * A bench's scratch folder and database: removed when the bench ends or is interrupted (SIGINT/SIGTERM), or
 * kept with --keep. `server()` returns the server to stop first; `onCleanup` releases anything else.
 */
export function benchWorkspace({ name, dbFile, keep, server, onCleanup = () => {} }) {
  const tmp = mkdtempSync(path.join(os.tmpdir(), `rootless-ready-${name}-`));
  const db = dbFile ?? path.join(tmp, `${name}.db`);
  let cleaned = false;
  const cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    onCleanup();
    await stopServer(server());
    if (keep) console.log(`kept ${tmp} (server.log) and ${db}`);
    else {
      rmSync(tmp, { recursive: true, force: true });
      for (const suffix of ["", "-wal", "-shm"]) rmSync(db + suffix, { force: true });
    }
  };
  for (const sig of ["SIGINT", "SIGTERM"]) {
    process.once(sig, () => {
      console.error(`\n${name}: ${sig}, stopping`);
      cleanup().finally(() => process.exit(130));
    });
  }
  return { tmp, dbFile: db, cleanup };
}
// A first start builds the app (npm run build) on a busy 2-core machine: allow for it.
const READY_TIMEOUT_MS = 30 * 60_000;

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const now = () => performance.now();
export const mb = (bytes) => bytes / 1048576;
export const int = (n) => Math.round(n).toLocaleString("en-US");

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Nearest-rank percentile, p in 0..100. */
export function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

export function fileSize(file) {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

export function version(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).split("\n")[0].trim();
  } catch {
    return null;
  }
}

/** Runs a command to completion, stdout discarded unless captured; resolves to { code, seconds, stdout, stderr }. */
export function run(cmd, args, { captureStdout = false } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = now();
    const child = spawn(cmd, args, { stdio: ["ignore", captureStdout ? "pipe" : "ignore", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout?.setEncoding("utf8").on("data", (d) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code: code ?? signal, seconds: (now() - t0) / 1000, stdout, stderr }));
  });
}

export function portIsFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once("error", () => resolve(false));
    srv.listen(port, "127.0.0.1", () => srv.close(() => resolve(true)));
  });
}

/** VmHWM / VmRSS of one process in kB: its peak and current resident memory, all its threads included. */
export function memoryKb(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const field = (k) => Number(status.match(new RegExp(`^${k}:\\s+(\\d+)`, "m"))?.[1] ?? 0);
    return { hwm: field("VmHWM"), rss: field("VmRSS"), threads: field("Threads") };
  } catch {
    return { hwm: 0, rss: 0, threads: 0 };
  }
}

// A connection per request: a kept-alive socket that the server closes as it idles would fail the next request
// for a reason that has nothing to do with the server's responsiveness. On loopback a connect costs ~0.1 ms.
const agent = new http.Agent({ keepAlive: false });

/**
 * The bench's administrator (created by startServer): an API token for the API, a session cookie for the
 * pages, as automation and a browser send them.
 */
let credentials = {};

/** Headers that sign a request in as the bench's administrator. */
export const authHeaders = () => credentials;

/** GET on a new connection; resolves to { status, ms, bytes, body } once the whole body is in. */
export function get(base, urlPath, { keepBody = false } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = now();
    const req = http.get(`${base}${urlPath}`, { agent, headers: credentials }, (res) => {
      const chunks = [];
      let bytes = 0;
      res.on("data", (c) => {
        bytes += c.length;
        if (keepBody) chunks.push(c);
      });
      res.on("end", () => resolve({ status: res.statusCode, ms: now() - t0, bytes, body: keepBody ? Buffer.concat(chunks).toString("utf8") : null }));
      res.on("error", reject);
    });
    req.on("error", reject);
  });
}

/**
 * Requests `urlPath` back to back, one every `intervalMs` (or as soon as the previous one answered, if slower)
 * until stop(); a request that hangs for 9 s is one 9 s sample, as a user waiting on the page would see it.
 */
export function startSampler(base, urlPath, intervalMs = 100) {
  const samples = [];
  const errors = [];
  let stopped = false;
  let wake = () => {};
  const loop = (async () => {
    while (!stopped) {
      const t0 = now();
      try {
        const r = await get(base, urlPath);
        if (r.status !== 200) errors.push(`status ${r.status}`);
      } catch (e) {
        errors.push(e.code ?? e.message);
      }
      const ms = now() - t0;
      samples.push(ms);
      if (!stopped && ms < intervalMs) {
        await new Promise((resolve) => {
          const timer = setTimeout(resolve, intervalMs - ms);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    }
  })();
  return {
    async stop() {
      stopped = true;
      wake();
      await loop;
      return { samples, errors, max: Math.max(0, ...samples), p95: percentile(samples, 95) };
    },
  };
}

/**
 * Uploads a dump as the README tells users to: `curl --data-binary @file`. Resolves to { status, seconds
 * (curl's time_total: the request, without curl's start-up), body (parsed JSON or null), error }.
 */
export async function upload({ base, foundation, file, capturedAt, respFile }) {
  const url = `${base}/api/foundations/${foundation}/snapshots?capturedAt=${encodeURIComponent(capturedAt)}`;
  const auth = credentials.authorization ? ["-H", `Authorization: ${credentials.authorization}`] : [];
  const r = await run("curl", ["-sS", ...auth, "-o", respFile, "-w", "%{http_code} %{time_total}", "--data-binary", `@${file}`, url], { captureStdout: true });
  const [status, total] = r.stdout.trim().split(" ");
  let body = null;
  try {
    body = JSON.parse(readFileSync(respFile, "utf8"));
  } catch {
    // no body or not JSON: reported by the caller through status/body
  }
  return { status: Number(status) || 0, seconds: Number(total) || r.seconds, body, error: r.code === 0 ? null : r.stderr.trim().slice(0, 300) };
}

/** Differences between an upload's answer and what the generator wrote; empty when it is right. */
export function checkSnapshot(res, stats, { foundation, capturedAt }) {
  if (res.status !== 201) return [`status ${res.status || "none"}${res.error ? ` (curl: ${res.error})` : ""}${res.body?.error ? `: ${res.body.error}` : ""}`];
  const s = res.body?.snapshot;
  if (!s) return ["201 without a snapshot in the body"];
  const want = {
    foundation,
    capturedAt: new Date(capturedAt).toISOString().replace(/\.000Z$/, "Z"),
    duplicate: false,
    lrps: stats.lrps,
    appLrps: stats.lrps,
    apps: stats.apps,
    privilegedApps: stats.privilegedApps,
    privilegedLrps: stats.privilegedLrps,
    privilegedInstances: stats.privilegedInstances,
  };
  const bad = [];
  for (const [k, v] of Object.entries(want)) {
    const got = k === "capturedAt" && typeof s[k] === "string" ? s[k].replace(/\.000Z$/, "Z") : s[k];
    if (got !== v) bad.push(`${k} ${JSON.stringify(got)} ≠ ${JSON.stringify(v)}`);
  }
  return bad;
}

/**
 * `node scripts/start.mjs` (builds first when the sources changed, migrates, serves) on a fresh database
 * (`fresh: false`: on the database as it is, as a restart finds it, with the credentials already made), in its own
 * process group; resolves once GET /api/health answers 200.
 */
export async function startServer({ port, dbFile, logFile, session = true, fresh = true }) {
  mkdirSync(path.dirname(dbFile), { recursive: true });
  if (fresh) for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(dbFile + suffix, { force: true });
  const logFd = openSync(logFile, "a");
  const t0 = now();
  const child = spawn(process.execPath, ["scripts/start.mjs"], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", logFd, logFd],
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATABASE_URL: `file:${dbFile}`, NEXT_TELEMETRY_DISABLED: "1" },
  });
  closeSync(logFd);
  const server = { child, pid: child.pid, base: `http://127.0.0.1:${port}`, exited: false, spawnError: null, readySeconds: 0, dbFile, logFile };
  child.on("error", (e) => (server.spawnError = e));
  child.on("exit", () => (server.exited = true));
  let building = false;
  while (now() - t0 < READY_TIMEOUT_MS) {
    if (server.spawnError) throw new Error(`could not start scripts/start.mjs: ${server.spawnError.message}`);
    if (server.exited) throw new Error(`scripts/start.mjs exited (code ${child.exitCode ?? child.signalCode}) before /api/health answered\n${tail(logFile)}`);
    if (!building && /building/.test(tail(logFile, 5))) {
      building = true;
      console.log("server   building first (npm run build; the sources are newer than the last build)…");
    }
    try {
      const r = await get(server.base, "/api/health");
      if (r.status === 200) {
        server.readySeconds = (now() - t0) / 1000;
        if (fresh) credentials = await signIn(server.base, dbFile, session);
        return server;
      }
    } catch {
      // not listening yet
    }
    await sleep(500);
  }
  await stopServer(server);
  throw new Error(`GET /api/health did not answer 200 within ${READY_TIMEOUT_MS / 60_000} min\n${tail(logFile)}`);
}

/**
 * An administrator on the bench's fresh database through the admin command line (README): its token, and
 * with `session` a session cookie from a password sign-in as a browser has (benches that read pages).
 */
async function signIn(base, dbFile, session) {
  const admin = (...args) => {
    const r = spawnSync(process.execPath, ["scripts/admin.mjs", ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, DATABASE_URL: `file:${dbFile}` } });
    if (r.status !== 0) throw new Error(`npm run admin -- ${args[0]} failed: ${r.stderr.trim().slice(0, 300)}`);
    return r.stdout.trim();
  };
  const email = "bench@rootless-ready.test";
  const password = "bench admin password 1";
  admin("create-user", "--email", email, "--role", "admin", "--password", password);
  const token = admin("create-token", "--email", email, "--name", "bench").split("\n").at(-1);
  if (!session) return { authorization: `Bearer ${token}` };
  const res = await fetch(`${base}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`signing in the bench's administrator failed: HTTP ${res.status}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  return { authorization: `Bearer ${token}`, cookie };
}

/** Stops the server's whole process group (start.mjs and anything it spawned). */
export async function stopServer(server) {
  if (!server?.pid) return;
  agent.destroy();
  const pgid = server.pid;
  const alive = () => {
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
  for (let i = 0; i < 100 && alive(); i++) await sleep(100);
  if (alive()) {
    try {
      process.kill(-pgid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

export function tail(file, lines = 25) {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no server log)";
  }
}

/** Collects PASS/FAIL lines; `failed` tells whether any target was missed. */
export function targets() {
  const lines = [];
  return {
    check(ok, text) {
      lines.push(`${ok ? "PASS" : "FAIL"}  ${text}`);
      return ok;
    },
    get failed() {
      return lines.some((l) => l.startsWith("FAIL"));
    },
    print() {
      for (const l of lines) console.log(l);
    },
  };
}
