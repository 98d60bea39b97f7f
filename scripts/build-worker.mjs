// Compiles the ingest parse worker (lib/ingest/parse-worker.ts and what it imports) to CommonJS under
// build/worker, loaded from disk by worker_threads at run time: bundled workers are fragile.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const tsc = path.join(root, "node_modules", "typescript", "bin", "tsc");
const r = spawnSync(process.execPath, [tsc, "-p", path.join(root, "tsconfig.worker.json")], { stdio: "inherit" });
if (r.status !== 0) process.exit(r.status ?? 1);
mkdirSync(path.join(root, "build", "worker"), { recursive: true });
// the project is "type": "module"; the compiled worker is CommonJS
writeFileSync(path.join(root, "build", "worker", "package.json"), '{ "type": "commonjs" }\n');
