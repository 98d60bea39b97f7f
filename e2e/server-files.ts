/** Files of the e2e server started by playwright.config.ts (one set per port, so two runs never share them). */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3210);
export const E2E_DB = `data/e2e-${E2E_PORT}.db`;
export const E2E_LOG = `data/e2e-${E2E_PORT}-server.log`;

/** The first administrator, created through /setup by e2e/first-run.setup.ts; every other spec runs signed in as them. */
export const ADMIN_EMAIL = "admin@rootless-ready.test";
export const ADMIN_PASSWORD = "e2e admin password 1";
export const ADMIN_STATE = `data/e2e-${E2E_PORT}-admin.json`;
