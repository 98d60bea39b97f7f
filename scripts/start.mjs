// `npm start`: builds when the build is missing or older than the sources, applies migrations, then serves
// production on PORT (default 3000). A custom server only to lift Node's 300 s request timeout: a large
// dump over a slow link must not be cut off (a cut-off dump would look like a smaller valid one).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import { migrate } from "./migrate.mjs";

process.env.NEXT_TELEMETRY_DISABLED ??= "1";
const root = process.cwd();
const SOURCES = ["app", "components", "lib", "prisma/schema.prisma", "next.config.js", "package.json", "package-lock.json", "postcss.config.mjs", "tsconfig.json"];
const SKIP = new Set(["node_modules", "generated", ".next"]);

function newestMtime(p) {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const e of readdirSync(p, { withFileTypes: true })) {
    if (SKIP.has(e.name) || e.name.endsWith(".test.ts")) continue;
    newest = Math.max(newest, newestMtime(path.join(p, e.name)));
  }
  return newest;
}

// the Next build and the compiled ingest worker (build/worker) are built together by `npm run build`
const outputs = [path.join(root, ".next", "BUILD_ID"), path.join(root, "build", "worker", "ingest", "parse-worker.js")];
const sourcesMtime = Math.max(...SOURCES.map((s) => newestMtime(path.join(root, s))));
if (outputs.some((f) => !existsSync(f) || statSync(f).mtimeMs < sourcesMtime)) {
  console.log(outputs.every((f) => existsSync(f)) ? "[start] sources changed since the last build: building" : "[start] no build yet: building");
  const r = spawnSync("npm", ["run", "build"], { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

migrate({ log: (m) => console.log(`[migrate] ${m}`) });

const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? "0.0.0.0";
const { default: next } = await import("next");
const app = next({ dev: false, dir: root, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();
const server = createServer((req, res) => handle(req, res));
server.requestTimeout = 0;
server.listen(port, hostname, () => {
  console.log(`[start] Rootless Ready on http://${hostname === "0.0.0.0" ? "localhost" : hostname}:${port} (database ${process.env.DATABASE_URL ?? "file:./data/app.db"})`);
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => server.close(() => process.exit(0)));
