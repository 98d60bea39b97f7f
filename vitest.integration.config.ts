import { configDefaults, defineConfig } from "vitest/config";
import unit from "./vitest.config.js";

/**
 * Tests that start the production server (`node scripts/start.mjs`) on INTEGRATION_PORT and up. They need
 * the build: the setup builds when it is missing or stale, and `npm test` runs them after its build step.
 */
export default defineConfig({
  ...unit,
  test: {
    ...unit.test,
    include: ["**/*.integration.test.ts"],
    exclude: configDefaults.exclude,
    globalSetup: ["./vitest.integration-setup.ts"],
    // one server at a time: they share the ports and the machine's two cores
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
