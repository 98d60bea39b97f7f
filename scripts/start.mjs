// `npm start`: builds when the build is missing or older than the sources, applies migrations, removes
// scratch folders a killed server left behind, then serves production on PORT (default 3000). A custom
// server to own the connection's life: no request timeout (a large dump over a slow link must not be cut
// off; a cut-off dump would look like a smaller valid one), early answers that reach clients still
// sending, and a shutdown that ends within 10 s whatever the clients do.
import { createServer } from "node:http";
import { ensureBuild } from "./ensure-build.mjs";
import { lingerAfterEarlyAnswer } from "./lingering-close.mjs";
import { migrate } from "./migrate.mjs";
import { CLIENT_ADDRESS_HEADER } from "../lib/auth/address.mjs";
import { scratchRootOf, sweepScratch } from "./scratch-sweep.mjs";

process.env.NEXT_TELEMETRY_DISABLED ??= "1";
const root = process.cwd();
const databaseUrl = process.env.DATABASE_URL ?? "file:./data/app.db";

/** Uploads in flight get this long to answer 503 before every connection is cut. */
const SHUTDOWN_GRACE_MS = 3000;
/** Exit by then whatever still runs: supervisors (systemd, Kubernetes) send SIGKILL after 10 s. */
const SHUTDOWN_DEADLINE_MS = 9000;

try {
  ensureBuild(root);
} catch (e) {
  console.error(`[start] ${e instanceof Error ? e.message : e}`);
  process.exit(1);
}

migrate({ log: (m) => console.log(`[migrate] ${m}`) });

const swept = sweepScratch(scratchRootOf(databaseUrl));
if (swept.length) console.log(`[start] removed ${swept.length} scratch folder(s) of uploads cut off by an earlier stop`);

const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? "0.0.0.0";
const { default: next } = await import("next");
const app = next({ dev: false, dir: root, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

// headersTimeout is checked every connectionsCheckingInterval: check often enough that it holds
const server = createServer({ connectionsCheckingInterval: 2000 }, (req, res) => {
  lingerAfterEarlyAnswer(req, res);
  req.headers[CLIENT_ADDRESS_HEADER] = clientAddressOf(req);
  handle(req, res);
});
// an upload that stalls fails on its own (UPLOAD_IDLE_SECONDS); a slow one that keeps sending is never cut off
server.requestTimeout = 0;
// a client gets this long for its request line and headers (slow-header clients hold no connection for long)
server.headersTimeout = 20_000;
// an idle connection between requests
server.keepAliveTimeout = 5_000;
server.listen(port, hostname, () => {
  console.log(`[start] Rootless Ready on http://${hostname === "0.0.0.0" ? "localhost" : hostname}:${port} (database ${databaseUrl})`);
  // the first health check starts reading the fleet page's data in the background (lib/data/warm.ts)
  const self = hostname === "0.0.0.0" ? "127.0.0.1" : hostname === "::" ? "[::1]" : hostname.includes(":") ? `[${hostname}]` : hostname;
  fetch(`http://${self}:${port}/api/health`).then((r) => r.body?.cancel()).catch((e) => console.error(`[start] first health check failed: ${e instanceof Error ? e.message : e}`));
});

/**
 * The address sign-in limits and the audit log use (lib/auth/address.ts): the socket's peer, or behind a
 * reverse proxy (`TRUST_PROXY=1`) the last address in its `X-Forwarded-For`. Whatever the client sent under
 * our header name is replaced.
 * @param {import("node:http").IncomingMessage} req
 */
function clientAddressOf(req) {
  const peer = req.socket.remoteAddress ?? "unknown";
  if (process.env.TRUST_PROXY !== "1") return peer;
  const forwarded = String(req.headers["x-forwarded-for"] ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  return forwarded.at(-1) ?? peer;
}

let stopping = false;

/**
 * Stops accepting, aborts uploads in flight (each removes its scratch folder and answers 503), closes idle
 * connections at once and every other one after a grace, and exits once the uploads have settled.
 * @param {string} signal
 */
async function stop(signal) {
  if (stopping) {
    console.log(`[start] ${signal} again: exiting now`);
    process.exit(1);
  }
  stopping = true;
  console.log(`[start] ${signal}: stopping; uploads in flight are aborted`);
  setTimeout(() => {
    console.log(`[start] still busy after ${SHUTDOWN_DEADLINE_MS / 1000} s: exiting anyway`);
    process.exit(1);
  }, SHUTDOWN_DEADLINE_MS).unref();
  setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS).unref();
  const closed = new Promise((resolve) => server.close(resolve));
  /** @type {import("../lib/ingest/inflight").UploadsInFlight | undefined} set by lib/ingest/inflight.ts once an upload route has loaded */
  const uploads = /** @type {any} */ (globalThis)[Symbol.for("rootless-ready.uploads-in-flight")];
  uploads?.shutdown();
  await Promise.all([closed, uploads?.settled()]);
  console.log("[start] stopped");
  process.exit(0);
}
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => void stop(sig));
