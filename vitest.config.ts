import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": fileURLToPath(new URL("./", import.meta.url)),
      // `server-only` throws outside Next's server bundle; in unit tests the modules run in plain Node.
      "server-only": fileURLToPath(new URL("./lib/testing/server-only-stub.ts", import.meta.url)),
    },
  },
  test: {
    include: ["lib/**/*.test.ts", "components/**/*.test.ts", "scripts/**/*.test.ts"],
    // they start the production server: vitest.integration.config.ts, run by `npm test` after the build
    exclude: [...configDefaults.exclude, "**/*.integration.test.ts"],
    environment: "node",
    pool: "forks",
    globalSetup: ["./vitest.global-setup.ts"],
  },
});
