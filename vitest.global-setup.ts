import { spawnSync } from "node:child_process";

/** Ingest parses in worker threads loaded from build/worker: compile them before the tests run. */
export default function setup() {
  const r = spawnSync(process.execPath, ["scripts/build-worker.mjs"], { stdio: "inherit" });
  if (r.status !== 0) throw new Error("building the parse worker failed");
}
