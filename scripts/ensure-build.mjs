// Builds when the build is missing or older than the sources (`npm start`, and the integration tests that
// start the production server).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const SOURCES = ["app", "components", "lib", "proxy.ts", "prisma/schema.prisma", "next.config.js", "package.json", "package-lock.json", "postcss.config.mjs", "tsconfig.json"];
const SKIP = new Set(["node_modules", "generated", ".next"]);

/** @param {string} p */
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

/** Runs `npm run build` when needed; throws when the build fails (its output is on the terminal). */
export function ensureBuild(root = process.cwd()) {
  // the Next build and the compiled ingest workers (build/worker) are built together by `npm run build`
  const outputs = [".next/BUILD_ID", "build/worker/ingest/parse-worker.js", "build/worker/ingest/write-worker.js"].map((f) => path.join(root, f));
  const sourcesMtime = Math.max(...SOURCES.map((s) => newestMtime(path.join(root, s))));
  if (outputs.every((f) => existsSync(f) && statSync(f).mtimeMs >= sourcesMtime)) return;
  console.log(outputs.every((f) => existsSync(f)) ? "[start] sources changed since the last build: building" : "[start] no build yet: building");
  const r = spawnSync("npm", ["run", "build"], { stdio: "inherit", cwd: root });
  if (r.status !== 0) throw new Error(`npm run build failed (exit ${r.status})`);
}
