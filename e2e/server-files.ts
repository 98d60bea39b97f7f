/** Files of the e2e server started by playwright.config.ts (one set per port, so two runs never share them). */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3210);
export const E2E_DB = `data/e2e-${E2E_PORT}.db`;
export const E2E_LOG = `data/e2e-${E2E_PORT}-server.log`;
