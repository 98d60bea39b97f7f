// `npm test`: typecheck, lint, schema drift check, unit tests, production build, Playwright against a real
// server on a throwaway database. Ends with one line `N passed, N failed` (unit + e2e tests, plus one failure
// for each check step that failed) for CI.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

process.env.NEXT_TELEMETRY_DISABLED = "1";
process.env.CHECKPOINT_DISABLE = "1";
const bin = (name) => path.join(process.cwd(), "node_modules", ".bin", name);
const out = path.join(process.cwd(), "data", "test-results");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

let passed = 0;
let failed = 0;
const step = (title, cmd, args, env = {}) => {
  console.log(`\n== ${title}`);
  const r = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } });
  return r.status === 0;
};
const finish = () => {
  console.log(`\n${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
};

if (!step("typecheck", bin("tsc"), ["--noEmit"])) {
  failed++;
  finish();
}

// Checks that report findings rather than tests: each failing one counts as one failure, and the run goes on.
if (!step("lint (ESLint)", "npm", ["run", "--silent", "lint"])) failed++;
if (!step("schema vs migrations drift", "npm", ["run", "--silent", "db:check"])) failed++;

const unitJson = path.join(out, "unit.json");
step("unit tests", bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${unitJson}`]);
if (existsSync(unitJson)) {
  const r = JSON.parse(readFileSync(unitJson, "utf8"));
  passed += r.numPassedTests;
  failed += r.numFailedTests + (r.numTotalTestSuites > 0 && r.success === false && r.numFailedTests === 0 ? 1 : 0);
} else failed++;

if (!step("build", "npm", ["run", "build"])) {
  failed++;
  finish();
}

const e2eJson = path.join(out, "e2e.json");
step("e2e (Playwright, Chromium)", bin("playwright"), ["test", "--reporter=list,json"], { PLAYWRIGHT_JSON_OUTPUT_NAME: e2eJson });
if (existsSync(e2eJson)) {
  const r = JSON.parse(readFileSync(e2eJson, "utf8"));
  passed += r.stats.expected;
  failed += r.stats.unexpected + (r.errors?.length ? 1 : 0);
} else failed++;

finish();
