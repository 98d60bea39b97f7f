import { defineConfig, devices } from "@playwright/test";
import { ADMIN_STATE, E2E_DB, E2E_LOG, E2E_PORT as PORT } from "./e2e/server-files";

const browser = {
  ...devices["Desktop Chrome"],
  viewport: { width: 1440, height: 900 },
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  },
};

/** Every e2e run starts a real production server on a fresh SQLite file; its log goes to a file the canary test reads. */
export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [["list"]],
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: { baseURL: `http://127.0.0.1:${PORT}`, trace: "off" },
  projects: [
    // first-run setup through the UI on the fresh database: it creates the admin every other spec signs in as
    { name: "setup", testMatch: /\.setup\.ts$/, use: { ...browser } },
    { name: "chromium", dependencies: ["setup"], use: { ...browser, storageState: ADMIN_STATE } },
  ],
  webServer: {
    command: `rm -f ${E2E_DB} ${E2E_DB}-wal ${E2E_DB}-shm ${E2E_LOG} ${ADMIN_STATE} && mkdir -p data && exec node scripts/start.mjs > ${E2E_LOG} 2>&1`,
    url: `http://127.0.0.1:${PORT}/api/health`,
    reuseExistingServer: false,
    timeout: 240_000,
    env: { DATABASE_URL: `file:./${E2E_DB}`, PORT: String(PORT), HOST: "127.0.0.1", NEXT_TELEMETRY_DISABLED: "1" },
  },
});
